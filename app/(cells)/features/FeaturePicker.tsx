'use client';
import { useId, type ReactNode } from 'react';
import type { FeatureDef } from '@/lib/features/catalogue';
import type { Row } from '@/lib/db/db';
import { unitLabel } from './format';

const GROUPS = [
  { table: 'requests', title: 'Requests', empty: 'No requests are loaded: these features are 0 in every window.' },
  { table: 'auth_events', title: 'Auth', empty: 'No auth events are loaded: these features are 0 in every window.' },
  { table: 'metrics', title: 'Metrics', empty: 'No metrics are loaded.' },
] as const;

interface Props {
  defs: readonly FeatureDef[];
  selected: readonly string[];
  /** which tables hold rows (null while unknown) */
  tables: Row | null;
  onToggle: (id: string, on: boolean) => void;
  /** ticks or unticks a whole group (its features and their changes) */
  onGroup: (ids: readonly string[], on: boolean) => void;
  max: number;
}

/** The catalogue as checkboxes by table; each feature and its change from the previous window (Δ). */
export function FeaturePicker({ defs, selected, tables, onToggle, onGroup, max }: Props) {
  const chosen = new Set(selected);
  const last = selected.length === 1 ? selected[0] : null;
  const full = selected.length >= max;
  const known = new Set(defs.flatMap((f) => [f.id, `d:${f.id}`]));
  const foreign = selected.filter((id) => !known.has(id));
  const box = (id: string, label: string, describedBy: string) => (
    <input
      type="checkbox"
      aria-label={label}
      aria-describedby={describedBy}
      checked={chosen.has(id)}
      disabled={id === last || (full && !chosen.has(id))}
      onChange={(e) => onToggle(id, e.target.checked)}
    />
  );
  return (
    <div data-testid="feature-picker">
      {last ? <p className="small muted">At least one feature must stay selected.</p> : null}
      {full ? <p className="small muted">A link holds at most {max} features: untick some to pick others.</p> : null}
      <div className="grid2">
        {GROUPS.map((g) => {
          const items = defs.filter((f) => f.table === g.table);
          const hasRows = tables ? Boolean(tables[g.table]) : true;
          return (
            <fieldset key={g.table} data-table={g.table}>
              <legend>{g.title}</legend>
              {items.length > 0 ? (
                <div className="row small">
                  <button type="button" aria-label={`Select all ${g.title} features`} onClick={() => onGroup(items.map((f) => f.id), true)}>
                    All
                  </button>
                  <button type="button" aria-label={`Select all ${g.title} changes`} onClick={() => onGroup(items.map((f) => `d:${f.id}`), true)}>
                    All Δ
                  </button>
                  <button type="button" aria-label={`Clear ${g.title} features`} onClick={() => onGroup(items.flatMap((f) => [f.id, `d:${f.id}`]), false)}>
                    None
                  </button>
                </div>
              ) : null}
              {!hasRows || items.length === 0 ? <p className="small muted">{g.empty}</p> : null}
              {items.map((f) => (
                <FeatureRow key={f.id} def={f} box={box} />
              ))}
            </fieldset>
          );
        })}
      </div>
      {foreign.length > 0 ? (
        <fieldset data-table="missing">
          <legend>Not in the loaded data</legend>
          <p className="small muted">These metrics are not in the loaded data: their features are 0 in every window.</p>
          {foreign.map((id) => (
            <label key={id} className="field">
              <input type="checkbox" aria-label={id} checked disabled={id === last} onChange={(e) => onToggle(id, e.target.checked)} />
              <code>{id}</code>
            </label>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}

function FeatureRow({ def, box }: { def: FeatureDef; box: (id: string, label: string, describedBy: string) => ReactNode }) {
  const descId = useId();
  return (
    <div className="row small" style={{ alignItems: 'baseline', gap: 8 }} data-feature={def.id}>
      <label>
        {box(def.id, def.id, descId)} <code>{def.id}</code>
      </label>
      <label title={`change of ${def.id} from the previous window`}>
        {box(`d:${def.id}`, `d:${def.id}`, descId)} Δ
      </label>
      <span id={descId} className="muted">
        {def.description} ({unitLabel(def.unit)})
      </span>
    </div>
  );
}

'use client';
import { memo, useMemo, useState } from 'react';
import type { Engine } from '@/app/clients/engine';
import type { UseSpec } from '@/app/hooks/useSpec';
import { useQuery } from '@/app/hooks/useQuery';
import { Cell } from '@/app/components/Cell';
import { fmtInt } from '@/app/components/format';
import { catalogue, defaultFeatures, featureDef, type FeatureDef } from '@/lib/features/catalogue';
import { parseWindow, type ExperimentSpec } from '@/lib/spec/schema';
import { useFeatureView } from './useFeatureView';
import { FeaturePicker } from './FeaturePicker';
import { FeaturePreview } from './FeaturePreview';
import { FeatureCharts } from './FeatureCharts';
import { CorrelationHeatmap } from './CorrelationHeatmap';

const METRIC_NAMES_SQL = 'SELECT DISTINCT name FROM metrics ORDER BY name';
const TABLES_SQL = 'SELECT EXISTS (SELECT 1 FROM requests) AS requests, EXISTS (SELECT 1 FROM auth_events) AS auth_events, EXISTS (SELECT 1 FROM metrics) AS metrics';
const LABELS_SQL = 'SELECT incident_id, kind, phase, epoch_ms(start) AS start, epoch_ms("end") AS "end", target FROM labels';
const WINDOWS = ['10s', '30s', '1m', '5m', '15m', '1h'];

/** The spec schema's limit on `models.features`. */
const MAX_FEATURES = 64;

interface Props {
  spec: ExperimentSpec;
  setSpec: UseSpec['setSpec'];
  engine: Engine;
  version: number;
  /** the columns of the window table the engine holds in place of logs (its own features and window), else null */
  tableFeatures?: readonly string[] | null;
}

/** Catalogue order, each base feature followed by its change; ids the catalogue lacks keep their place at the end. */
function ordered(defs: readonly FeatureDef[], chosen: ReadonlySet<string>, previous: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of defs) {
    if (chosen.has(f.id)) out.push(f.id);
    if (chosen.has(`d:${f.id}`)) out.push(`d:${f.id}`);
  }
  const known = new Set(out);
  for (const id of [...previous, ...chosen]) {
    if (!chosen.has(id) || known.has(id)) continue;
    known.add(id);
    out.push(id);
  }
  return out;
}

/** Which windowed features the detectors see, at what window, and what they look like. */
export const FeaturesCell = memo(function FeaturesCell({ spec, setSpec, engine, version, tableFeatures = null }: Props) {
  const names = useQuery(engine, METRIC_NAMES_SQL, version);
  const tables = useQuery(engine, TABLES_SQL, version).rows?.[0] ?? null;
  const bands = useQuery(engine, LABELS_SQL, version).rows;
  const metricNames = useMemo(() => (names.rows ? names.rows.map((r) => String(r.name)) : null), [names.rows]);
  // a window table offers its own columns, all of them by default
  const defaultsOf = (m: readonly string[]) => (tableFeatures ? [...tableFeatures] : defaultFeatures(m));
  const defs = useMemo(() => (tableFeatures ? tableFeatures.map(safeDef) : metricNames ? catalogue(metricNames) : null), [metricNames, tableFeatures]);
  const explicit = spec.models.features;
  const selected = useMemo(
    () => explicit ?? (tableFeatures ? [...tableFeatures] : metricNames ? defaultFeatures(metricNames) : null),
    [explicit, metricNames, tableFeatures],
  );
  const [refused, setRefused] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  let windowSec = 60;
  let windowError: string | null = null;
  try {
    windowSec = parseWindow(spec.window);
  } catch (e) {
    windowError = e instanceof Error ? e.message : String(e);
  }
  const { view, error, loading } = useFeatureView(engine, version, windowSec, windowError ? null : selected, spec.models.trainFraction, spec.models.splitAt, attempt);

  const change = (update: (cur: string[]) => string[] | string) => {
    if (!metricNames || !defs) return;
    let why: string | null = null;
    const err = setSpec((s) => {
      const cur = s.models.features ?? defaultsOf(metricNames);
      const next = update(cur);
      if (typeof next === 'string') {
        why = next;
        return s;
      }
      return { ...s, models: { ...s.models, features: next } };
    });
    setRefused(why ?? err?.message ?? null);
  };
  /** Ticks or unticks `ids` together (one feature, or a whole group). */
  const setMany = (ids: readonly string[], on: boolean) =>
    change((cur) => {
      const set = new Set(cur);
      for (const id of ids) {
        if (on) set.add(id);
        else set.delete(id);
      }
      if (set.size === 0) return 'At least one feature must stay selected.';
      if (set.size > MAX_FEATURES) return `A link holds at most ${MAX_FEATURES} features and this makes ${set.size}: clear a group with None first.`;
      return ordered(defs ?? [], set, cur);
    });
  const toggle = (id: string, on: boolean) => setMany([id], on);
  const setDefaults = () => {
    setRefused(null);
    setSpec((s) => ({ ...s, models: { ...s.models, features: null } }));
  };

  const n = selected?.length ?? 0;
  const windows = view ? view.frame.starts.length : null;
  const status = selected ? `${n} feature${n === 1 ? '' : 's'} · window ${spec.window}${windows !== null && !loading ? ` · ${fmtInt(windows)} windows` : ''}` : undefined;
  const shownWindows = WINDOWS.includes(spec.window) ? WINDOWS : [...WINDOWS, spec.window];
  const featureDefs = useMemo(() => view?.frame.features.map((id) => safeDef(id)) ?? [], [view]);

  return (
    <Cell title="Features" testId="features-cell" status={status}>
      <div className="form-grid">
        <label className="field">
          Window
          <select value={spec.window} disabled={tableFeatures !== null} title={tableFeatures ? "a window table's window is its spacing" : undefined} onChange={(e) => setSpec((s) => ({ ...s, window: e.target.value }))}>
            {shownWindows.map((w) => (
              <option key={w} value={w}>
                {w}
              </option>
            ))}
          </select>
        </label>
        <span className="field" data-testid="features-count" data-count={n}>
          {selected ? `${n} feature${n === 1 ? '' : 's'} selected${explicit === null ? ' (the defaults)' : ''}` : 'Reading the catalogue…'}
        </span>
        <button type="button" onClick={setDefaults} disabled={explicit === null} title={tableFeatures ? "All of the window table's columns" : 'The request and auth families plus mean and max of each metric'}>
          Defaults
        </button>
      </div>
      {windowError ? <p className="msg error" role="alert">{windowError}</p> : null}
      {names.error ? (
        <p className="msg error" role="alert">
          Could not read the metric names: {names.error}
        </p>
      ) : null}
      {refused ? (
        <p className="msg warn" role="alert">
          {refused}
        </p>
      ) : null}
      {defs && selected ? <FeaturePicker defs={defs} selected={selected} tables={tableFeatures ? null : tables} onToggle={toggle} onGroup={setMany} max={MAX_FEATURES} /> : null}

      {error ? (
        <div className="msg error" role="alert" data-testid="features-error">
          Could not compute the features: {error}{' '}
          <button type="button" onClick={() => setAttempt((a) => a + 1)}>
            Retry
          </button>
        </div>
      ) : null}
      {!error && !view && selected && !windowError ? <p className="small muted">Computing features…</p> : null}
      {view ? (
        <div aria-busy={loading} style={loading ? { opacity: 0.6 } : undefined}>
          {loading ? <p className="small muted">Updating…</p> : null}
          <FeaturePreview frame={view.frame} defs={featureDefs} />
          <FeatureCharts view={view} defs={featureDefs} bands={bands} windowMs={windowSec * 1000} />
          <CorrelationHeatmap features={view.frame.features} corr={view.corr} />
        </div>
      ) : null}
    </Cell>
  );
});

/** The definition, or a stand-in for an id the catalogue does not know (the spec already refuses those). */
function safeDef(id: string): FeatureDef {
  try {
    return featureDef(id);
  } catch {
    return { id, table: 'metrics', description: id, unit: '' };
  }
}

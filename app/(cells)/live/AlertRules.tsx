'use client';
import { useMemo, useState } from 'react';
import { checkAlerts, DEFAULT_FEATURE_RULES, RULE_OPS, type AlertsSpec, type FeatureRule, type RuleOp } from '@/lib/spec/alerts';
import { RUNNABLE_NAMES } from '@/lib/eval/names';

type Detector = (typeof RUNNABLE_NAMES)[number];
const isRunnable = (n: string): n is Detector => (RUNNABLE_NAMES as readonly string[]).includes(n);

/** A number input's value: NaN when empty, which the schema names as a problem. */
const num = (e: React.ChangeEvent<HTMLInputElement>) => e.target.valueAsNumber;

function NumberField({ label, value, onChange, step }: { label: string; value: number; onChange: (v: number) => void; step?: string }) {
  return (
    <label>
      {label}{' '}
      <input type="number" aria-label={label} value={Number.isNaN(value) ? '' : value} step={step ?? '1'} style={{ width: '6em' }} onChange={(e) => onChange(num(e))} />
    </label>
  );
}

function RuleRow({ rule, index, features, onChange, onRemove }: { rule: FeatureRule; index: number; features: readonly string[]; onChange: (r: FeatureRule) => void; onRemove: () => void }) {
  const n = index + 1;
  const options = features.includes(rule.feature) ? features : [rule.feature, ...features];
  return (
    <li className="row small" data-testid="alert-rule">
      <select
        aria-label={`Rule ${n} kind`}
        value={rule.kind}
        onChange={(e) =>
          onChange(e.target.value === 'feature' ? { kind: 'feature', feature: rule.feature, op: '>', value: 0, windows: 1 } : { kind: 'feature-sum', feature: rule.feature, atLeast: 1, minutes: 10 })
        }>
        <option value="feature">per window</option>
        <option value="feature-sum">summed over minutes</option>
      </select>
      <select aria-label={`Rule ${n} feature`} value={rule.feature} onChange={(e) => onChange({ ...rule, feature: e.target.value })}>
        {options.map((f) => (
          <option key={f} value={f}>
            {f}
            {features.includes(f) ? '' : ' (not computed by this run)'}
          </option>
        ))}
      </select>
      {rule.kind === 'feature' ? (
        <>
          <select aria-label={`Rule ${n} comparison`} value={rule.op} onChange={(e) => onChange({ ...rule, op: e.target.value as RuleOp })}>
            {RULE_OPS.map((op) => (
              <option key={op} value={op}>
                {op}
              </option>
            ))}
          </select>
          <NumberField label={`Rule ${n} value`} value={rule.value} step="any" onChange={(value) => onChange({ ...rule, value })} />
          <NumberField label={`Rule ${n} windows in a row`} value={rule.windows} onChange={(windows) => onChange({ ...rule, windows })} />
        </>
      ) : (
        <>
          <NumberField label={`Rule ${n} at least`} value={rule.atLeast} step="any" onChange={(atLeast) => onChange({ ...rule, atLeast })} />
          <NumberField label={`Rule ${n} minutes`} value={rule.minutes} onChange={(minutes) => onChange({ ...rule, minutes })} />
        </>
      )}
      <button type="button" onClick={onRemove} aria-label={`Remove rule ${n}`}>
        Remove
      </button>
    </li>
  );
}

/**
 * The spec's alert rules, edited in a draft and applied to the spec (and so to the link, the
 * replay and the model bundle) only when the schema accepts them. Changing them retrains nothing.
 */
export function AlertRules({ alerts, features, detectors, onApply }: { alerts: AlertsSpec; features: readonly string[]; detectors: readonly string[]; onApply: (a: AlertsSpec) => void }) {
  const [draft, setDraft] = useState<AlertsSpec>(alerts);
  const checked = useMemo(() => checkAlerts(draft), [draft]);
  const changed = JSON.stringify(draft) !== JSON.stringify(alerts);
  const set = (patch: Partial<AlertsSpec>) => setDraft((d) => ({ ...d, ...patch }));
  const runDetectors = detectors.filter(isRunnable);
  const chosen = draft.detectors;
  const setRule = (k: number, r: FeatureRule) => set({ features: draft.features.map((x, i) => (i === k ? r : x)) });
  return (
    <details data-testid="alert-rules">
      <summary>Alert rules ({draft.features.length} feature rule{draft.features.length === 1 ? '' : 's'}, cool-down {alerts.coolDownMin} min)</summary>
      <div className="row small">
        <span>Detectors that alarm:</span>
        <label>
          <input type="radio" name="alert-detectors" checked={chosen === null} onChange={() => set({ detectors: null })} /> the ensemble when the run has one, else every anomaly detector
        </label>
        <label>
          <input type="radio" name="alert-detectors" checked={chosen !== null} onChange={() => set({ detectors: runDetectors.slice(0, 1) })} /> these:
        </label>
        {runDetectors.map((d) => (
          <label key={d}>
            <input
              type="checkbox"
              disabled={chosen === null}
              checked={chosen?.includes(d) ?? false}
              onChange={(e) => set({ detectors: e.target.checked ? [...(chosen ?? []), d] : (chosen ?? []).filter((x) => x !== d) })}
            />{' '}
            {d}
          </label>
        ))}
      </div>
      <div className="row small">
        <NumberField label="Windows above the threshold before a detector alarms" value={draft.detectorWindows} onChange={(detectorWindows) => set({ detectorWindows })} />
        <label>
          <input type="checkbox" checked={draft.predictor} onChange={(e) => set({ predictor: e.target.checked })} /> Warnings from the failure predictor
        </label>
        <NumberField label="Cool-down (minutes)" value={draft.coolDownMin} onChange={(coolDownMin) => set({ coolDownMin })} />
        <NumberField label="Quiet windows before recovery" value={draft.recoverAfter} onChange={(recoverAfter) => set({ recoverAfter })} />
      </div>
      <ol style={{ paddingLeft: "1.5em" }}>
        {draft.features.map((r, k) => (
          <RuleRow key={k} rule={r} index={k} features={features} onChange={(x) => setRule(k, x)} onRemove={() => set({ features: draft.features.filter((_, i) => i !== k) })} />
        ))}
      </ol>
      <div className="row small">
        <button type="button" disabled={draft.features.length >= 20} onClick={() => set({ features: [...draft.features, { kind: 'feature', feature: features[0] ?? 'requests', op: '>', value: 0, windows: 1 }] })}>
          Add a feature rule
        </button>
        <button type="button" onClick={() => setDraft({ ...draft, features: structuredClone(DEFAULT_FEATURE_RULES) })}>
          Default feature rules
        </button>
        <button type="button" disabled={!changed} onClick={() => setDraft(alerts)}>
          Discard changes
        </button>
        <button type="button" disabled={!changed || checked.alerts === null} onClick={() => checked.alerts && onApply(checked.alerts)}>
          Apply
        </button>
      </div>
      {checked.issues.length > 0 ? (
        <ul className="msg error small" role="alert" data-testid="alert-rule-issues">
          {checked.issues.map((i) => (
            <li key={i}>{i}</li>
          ))}
        </ul>
      ) : null}
      <p className="small muted">
        Rules on features the run did not compute are left out of the replay and the model bundle (and said so). Applied rules take effect at the next replay or bundle download.
      </p>
    </details>
  );
}

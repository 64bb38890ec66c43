'use client';
import { useState } from 'react';
import { NumberField } from '@/app/components/NumberField';
import type { UseSpec } from '@/app/hooks/useSpec';
import { DETECTOR_LABELS, DETECTOR_NAMES, type DetectorName } from '@/lib/eval/names';
import { PARAM_SCHEMAS, defaultParams, paramChoices, paramFields } from '@/lib/eval/params';
import type { ExperimentSpec } from '@/lib/spec/schema';

/** Hyperparameters of the chosen detectors; every change is validated by the spec and retrains. */
export function HyperParams({ spec, setSpec }: { spec: ExperimentSpec; setSpec: UseSpec['setSpec'] }) {
  const [problem, setProblem] = useState<string | null>(null);
  const chosen = DETECTOR_NAMES.filter((d) => spec.models.detectors.includes(d));
  const defaults = defaultParams();
  const set = (name: DetectorName, patch: Record<string, unknown>) => {
    const err = setSpec((s) => ({ ...s, models: { ...s.models, params: { ...s.models.params, [name]: { ...s.models.params[name], ...patch } } } }));
    setProblem(err ? err.message : null);
  };
  const changed = chosen.filter((d) => JSON.stringify(spec.models.params[d]) !== JSON.stringify(defaults[d]));
  return (
    <details className="params">
      <summary>
        Hyperparameters{changed.length > 0 ? ` (changed: ${changed.map((d) => DETECTOR_LABELS[d].title).join(', ')})` : ' (defaults)'}
      </summary>
      {problem ? (
        <p className="msg error" role="alert">
          {problem}
        </p>
      ) : null}
      {chosen.map((name) => {
        const values = spec.models.params[name] as Record<string, unknown>;
        return (
          <fieldset key={name}>
            <legend>{DETECTOR_LABELS[name].title}</legend>
            <div className="form-grid">
              {paramFields(name).map((f) => (
                <span key={f.key} title={f.help}>
                  <NumberField label={f.label} value={Number(values[f.key])} min={f.min} max={f.max} step={f.step} integer={f.integer} onCommit={(v) => set(name, { [f.key]: v })} />
                </span>
              ))}
              {paramChoices(name).map((c) => (
                <label key={c.key} title={c.help}>
                  {c.label}{' '}
                  <select value={String(values[c.key])} onChange={(e) => set(name, { [c.key]: e.target.value })}>
                    {c.options.map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
              {name === 'autoencoder' ? <LayerField value={spec.models.params.autoencoder.hidden} onCommit={(hidden) => set('autoencoder', { hidden })} /> : null}
              {JSON.stringify(values) !== JSON.stringify(defaults[name]) ? (
                <button type="button" onClick={() => set(name, PARAM_SCHEMAS[name].parse({}))}>
                  Defaults
                </button>
              ) : null}
            </div>
          </fieldset>
        );
      })}
    </details>
  );
}

/** Encoder widths as "8, 4" (mirrored for the decoder). */
function LayerField({ value, onCommit }: { value: readonly number[]; onCommit: (v: number[]) => void }) {
  const [text, setText] = useState(value.join(', '));
  const [shown, setShown] = useState(value);
  const [problem, setProblem] = useState<string | null>(null);
  if (shown !== value) {
    setShown(value);
    setText(value.join(', '));
    setProblem(null);
  }
  const commit = () => {
    const parts = text.split(',').map((t) => t.trim());
    const nums = parts.map(Number);
    if (parts.length < 1 || parts.length > 4 || nums.some((n) => !Number.isInteger(n) || n < 1 || n > 256)) {
      setProblem('encoder widths: 1 to 4 whole numbers from 1 to 256, e.g. 8, 4');
      return;
    }
    setProblem(null);
    onCommit(nums);
  };
  return (
    <label className="field">
      encoder widths
      <input value={text} size={8} onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} aria-invalid={problem !== null} />
      {problem ? (
        <span className="msg error small" role="alert">
          {problem}
        </span>
      ) : null}
    </label>
  );
}

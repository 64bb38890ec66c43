'use client';
import { useId, useState } from 'react';
import { NumberField } from '@/app/components/NumberField';
import { FAILURE_KINDS, type FailureKind, type Scenario } from '@/simulator/scenario';
import { checkScenario } from '@/simulator/validate';

type Edit = (change: (s: Scenario) => void) => void;

const DAY = 86_400_000;

/** The scenario's main knobs as a form; everything else through the JSON editor below it. */
export function ScenarioForm({ scenario, onScenario }: { scenario: Scenario; onScenario: (s: Scenario) => void }) {
  const edit: Edit = (change) => {
    const next = structuredClone(scenario) as Scenario;
    change(next);
    onScenario(next);
  };
  const rate = (kind: FailureKind) => scenario.incidents.rates.find((r) => r.kind === kind)?.perDay ?? 0;
  const setRate = (kind: FailureKind, perDay: number) =>
    edit((s) => {
      s.incidents.rates = s.incidents.rates.filter((r) => r.kind !== kind);
      if (perDay > 0) s.incidents.rates.push({ kind, perDay });
      s.incidents.rates.sort((a, b) => FAILURE_KINDS.indexOf(a.kind) - FAILURE_KINDS.indexOf(b.kind));
    });
  return (
    <div>
      <fieldset>
        <legend>Time and traffic</legend>
        <div className="form-grid">
          <StartDate value={scenario.start} onCommit={(v) => edit((s) => void (s.start = v))} />
          <NumberField label="Days" value={scenario.days} min={1 / 24} max={366} step={0.5} onCommit={(v) => edit((s) => void (s.days = v))} />
          <NumberField label="Requests/s (mean)" value={scenario.traffic.rps} min={0} max={10_000} step={0.5} onCommit={(v) => edit((s) => void (s.traffic.rps = v))} />
          <NumberField label="Daily swing" value={scenario.traffic.diurnal} min={0} max={1} step={0.05} onCommit={(v) => edit((s) => void (s.traffic.diurnal = v))} />
          <NumberField label="Weekend dip" value={scenario.traffic.weekly} min={0} max={1} step={0.05} onCommit={(v) => edit((s) => void (s.traffic.weekly = v))} />
          <NumberField label="Noise" value={scenario.traffic.noise} min={0} max={2} step={0.05} onCommit={(v) => edit((s) => void (s.traffic.noise = v))} />
          <NumberField label="UTC offset (min)" value={scenario.utcOffsetMin} min={-720} max={840} integer onCommit={(v) => edit((s) => void (s.utcOffsetMin = v))} />
        </div>
      </fieldset>
      <fieldset>
        <legend>Outputs</legend>
        {(['access', 'auth', 'metrics'] as const).map((o) => (
          <label key={o} className="field">
            <input type="checkbox" checked={scenario.outputs[o]} onChange={(e) => edit((s) => void (s.outputs[o] = e.target.checked))} />
            {o === 'access' ? 'access.log' : o === 'auth' ? 'auth.log' : 'metrics.csv'}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Incidents per day (placed at random from the seed, never overlapping)</legend>
        <div className="form-grid">
          {FAILURE_KINDS.map((k) => (
            <NumberField key={k} label={k} value={rate(k)} min={0} max={24} step={0.1} width={4} onCommit={(v) => setRate(k, v)} />
          ))}
        </div>
        {scenario.incidents.placed.length > 0 ? <p className="small muted">Plus {scenario.incidents.placed.length} placed by hand (see the JSON).</p> : null}
      </fieldset>
      <ScenarioJson scenario={scenario} onScenario={onScenario} />
    </div>
  );
}

function StartDate({ value, onCommit }: { value: number; onCommit: (v: number) => void }) {
  const id = useId();
  const day = new Date(value).toISOString().slice(0, 10);
  return (
    <span className="field">
      <label htmlFor={id}>Start (UTC date)</label>
      <input
        id={id}
        type="date"
        value={day}
        onChange={(e) => {
          const ms = Date.parse(`${e.target.value}T00:00:00Z`);
          if (Number.isFinite(ms) && ms % DAY === 0) onCommit(ms);
        }}
      />
    </span>
  );
}

/** Every parameter, as JSON: validated before it replaces the scenario, with the reason when not. */
function ScenarioJson({ scenario, onScenario }: { scenario: Scenario; onScenario: (s: Scenario) => void }) {
  const id = useId();
  const [text, setText] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const shown = text ?? JSON.stringify(scenario, null, 2);
  function apply() {
    try {
      const next = JSON.parse(shown) as Scenario;
      checkScenario(next);
      setProblem(null);
      setText(null);
      onScenario(next);
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  }
  return (
    <details>
      <summary>All parameters (JSON)</summary>
      <label htmlFor={id} className="visually-hidden">
        Scenario JSON
      </label>
      <textarea id={id} className="json" spellCheck={false} value={shown} onChange={(e) => setText(e.target.value)} />
      <div className="row">
        <button type="button" onClick={apply} disabled={text === null}>
          Apply JSON
        </button>
        <button type="button" onClick={() => (setText(null), setProblem(null))} disabled={text === null}>
          Discard edits
        </button>
        {problem ? (
          <span className="msg error" role="alert">
            {problem}
          </span>
        ) : null}
      </div>
    </details>
  );
}

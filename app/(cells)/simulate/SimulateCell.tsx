'use client';
import { useMemo, useState } from 'react';
import { Cell } from '@/app/components/Cell';
import { NumberField } from '@/app/components/NumberField';
import type { Engine } from '@/app/clients/engine';
import { useQuery } from '@/app/hooks/useQuery';
import { incidentBands } from '@/lib/explore/labels';
import { fmtTs, num, str } from '@/app/components/format';
import { PRESETS, type PresetId, type Scenario } from '@/simulator/scenario';
import type { Row } from '@/lib/db/db';
import { ScenarioForm } from './ScenarioForm';
import { downloadBlob } from '@/app/components/download';

interface Props {
  source: { kind: 'simulator'; preset: PresetId; scenario: Scenario };
  engine: Engine | null;
  version: number;
  onScenario: (s: Scenario) => void;
}

/** A seed for "New seed": from the browser's crypto, since this choice is the user's, not the experiment's. */
function freshSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

/** Simulate cell: the scenario behind the data (preset, seed, every parameter), its incidents, and a download. */
export function SimulateCell({ source, engine, version, onScenario }: Props) {
  const { scenario, preset } = source;
  const edit = (change: (s: Scenario) => void) => {
    const next = structuredClone(scenario) as Scenario;
    change(next);
    onScenario(next);
  };
  return (
    <Cell title="Simulate" status={`${PRESETS[preset].label} · seed ${scenario.seed}`} testId="simulate-cell">
      <p className="small muted">{PRESETS[preset].description}</p>
      <div className="row">
        <NumberField label="Seed" value={scenario.seed} min={0} max={0xffff_ffff} integer width={11} onCommit={(v) => edit((s) => void (s.seed = v))} />
        <button type="button" onClick={() => edit((s) => void (s.seed = freshSeed()))}>
          New seed
        </button>
        <DownloadButton engine={engine} scenario={scenario} />
      </div>
      <ScenarioForm scenario={scenario} onScenario={onScenario} />
      <Incidents engine={engine} version={version} />
    </Cell>
  );
}

function DownloadButton({ engine, scenario }: { engine: Engine | null; scenario: Scenario }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  async function download() {
    if (!engine) return;
    setBusy(true);
    setProblem(null);
    const r = await engine.simulationZip(scenario);
    setBusy(false);
    if (!r.ok) return setProblem(r.error.message);
    downloadBlob(`harbinger-sim-seed${scenario.seed}.zip`, r.value);
  }
  return (
    <>
      <button type="button" onClick={download} disabled={!engine || busy}>
        {busy ? 'Preparing zip…' : 'Download logs + labels (.zip)'}
      </button>
      {problem ? (
        <span className="msg error" role="alert">
          {problem}
        </span>
      ) : null}
    </>
  );
}

interface Incident { id: string; kind: string; precursor: number | null; failure: number; end: number; target: string }

/** The labeled incidents of the simulated data, from the engine's `labels` table. */
function Incidents({ engine, version }: { engine: Engine | null; version: number }) {
  const q = useQuery(engine, useMemo(() => incidentBands({ range: null }), []), version);
  const incidents = useMemo(() => group(q.rows ?? []), [q.rows]);
  if (q.error) return <p className="msg error">{q.error}</p>;
  return (
    <div style={{ marginTop: 8 }}>
      <h3 className="small">Labeled incidents ({incidents.length})</h3>
      {incidents.length === 0 ? (
        <p className="small muted">None in this scenario: every alarm on it is a false alarm.</p>
      ) : (
        <table className="data" data-testid="incidents-table">
          <thead>
            <tr>
              <th>Id</th>
              <th>Kind</th>
              <th>Precursor from</th>
              <th>Failure from</th>
              <th>Until</th>
              <th>Target</th>
            </tr>
          </thead>
          <tbody>
            {incidents.map((i) => (
              <tr key={i.id}>
                <td>{i.id}</td>
                <td>{i.kind}</td>
                <td>{i.precursor === null ? '–' : fmtTs(i.precursor)}</td>
                <td>{fmtTs(i.failure)}</td>
                <td>{fmtTs(i.end)}</td>
                <td>{i.target}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function group(rows: Row[]): Incident[] {
  const byId = new Map<string, Incident>();
  for (const r of rows) {
    const id = str(r.incident_id);
    const inc = byId.get(id) ?? { id, kind: str(r.kind), precursor: null, failure: NaN, end: NaN, target: str(r.target) };
    if (r.phase === 'precursor') inc.precursor = num(r.start);
    else {
      inc.failure = num(r.start) ?? NaN;
      inc.end = num(r.end) ?? NaN;
    }
    byId.set(id, inc);
  }
  return [...byId.values()].sort((a, b) => (a.precursor ?? a.failure) - (b.precursor ?? b.failure));
}

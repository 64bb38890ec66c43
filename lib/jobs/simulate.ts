import type { Db } from '../db/db';
import { staged } from './staging';
import { generateBatches } from '../../simulator/batches';
import { planIncidents } from '../../simulator/plan';
import type { PlannedIncident } from '../../simulator/failures/types';
import type { Scenario, SimFile } from '../../simulator/scenario';
import type { LabelRow } from '../labels/types';
import type { Batch } from '../ingest/types';

export interface SimProgress {
  /** the output being generated */
  table: 'requests' | 'auth_events' | 'metrics';
  /** rows generated so far, all tables */
  rows: number;
  /** 0–1 through the scenario's time span for the current table */
  fraction: number;
  /** tables done before this one, and how many there are */
  tableIndex: number;
  tableCount: number;
  elapsedMs: number;
}

export interface SimSummary {
  rows: { requests: number; auth_events: number; metrics: number };
  incidents: number;
  elapsedMs: number;
}

/** Labeled phases of the planned incidents: a precursor (when the kind has one) and the failure. */
export function labelRows(plan: readonly PlannedIncident[]): LabelRow[] {
  const rows: LabelRow[] = [];
  for (const inc of plan) {
    const target = inc.route ?? inc.host ?? (inc.ips.length > 0 ? inc.ips.join(' ') : null);
    if (inc.precursorStart < inc.failureStart) {
      rows.push({ incidentId: inc.id, kind: inc.kind, phase: 'precursor', start: inc.precursorStart * 1000, end: inc.failureStart * 1000, target });
    }
    rows.push({ incidentId: inc.id, kind: inc.kind, phase: 'failure', start: inc.failureStart * 1000, end: inc.end * 1000, target });
  }
  return rows;
}

const YIELD_EVERY_MS = 50;

/**
 * Generates the scenario's rows straight into the engine (no text, no parsing) and its labels into
 * `labels`, replacing what was loaded once the whole run is in (staging.ts): a failed or cancelled
 * run leaves the previous dataset as it was. Pauses every ~50 ms so progress events and a cancel
 * (the AbortSignal) get through in a worker.
 */
export async function simulateInto(
  db: Db,
  scenario: Scenario,
  options: {
    signal?: AbortSignal;
    onProgress?: (p: SimProgress) => void;
    /** the scenario's batches when some were generated ahead (ahead.ts); default: generated here */
    batches?: Iterable<Batch>;
  } = {},
): Promise<SimSummary> {
  const t0 = performance.now();
  const plan = planIncidents(scenario);
  const tables = (['access.log', 'auth.log', 'metrics.csv'] as const satisfies readonly SimFile[]).filter(
    (f) => scenario.outputs[f === 'access.log' ? 'access' : f === 'auth.log' ? 'auth' : 'metrics'],
  );
  const rows = { requests: 0, auth_events: 0, metrics: 0 };
  const span = scenario.days * 86_400_000;
  await staged(db, async (stage) => {
    let lastYield = performance.now();
    let total = 0;
    for (const batch of options.batches ?? generateBatches(scenario)) {
      await stage.insert(batch);
      rows[batch.table] += batch.length;
      total += batch.length;
      if (performance.now() - lastYield >= YIELD_EVERY_MS) {
        await new Promise((r) => setTimeout(r, 0));
        lastYield = performance.now();
        if (options.signal?.aborted) throw Object.assign(new Error('Cancelled'), { name: 'AbortError' });
        const last = batch.length > 0 ? batch.ts[batch.length - 1] : scenario.start;
        const file = batch.table === 'requests' ? 'access.log' : batch.table === 'auth_events' ? 'auth.log' : 'metrics.csv';
        options.onProgress?.({
          table: batch.table,
          rows: total,
          fraction: Math.min(1, Math.max(0, (last - scenario.start) / span)),
          tableIndex: Math.max(0, tables.indexOf(file)),
          tableCount: tables.length,
          elapsedMs: performance.now() - t0,
        });
      }
    }
    await stage.insertLabels(labelRows(plan));
  });
  // the swap appended what the adapter held back, so the timed span covers every row
  return { rows, incidents: plan.length, elapsedMs: performance.now() - t0 };
}

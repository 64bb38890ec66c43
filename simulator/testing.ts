/** Helpers for the simulator's tests: small scenarios and whole outputs collected per file. */
import type { Batch } from '../lib/ingest/types';
import { generateBatches } from './batches';
import { generate, type GenerateOptions } from './generate';
import { defaultScenario } from './presets';
import type { IncidentPlacement, Scenario, SimFile } from './scenario';

/** A short, light run: `hours` from the default start, `rps` visitors, incidents as given. */
export function smallScenario(hours = 6, rps = 2, placed: IncidentPlacement[] = []): Scenario {
  const s = defaultScenario();
  s.days = hours / 24;
  s.traffic.rps = rps;
  s.clients.ips = 500;
  s.incidents.placed = placed;
  return s;
}

/** Epoch ms of `h` hours after the default start (whole minutes). */
export function at(s: Scenario, h: number): number {
  return s.start + Math.round(h * 60) * 60_000;
}

export interface Collected {
  bytes: Record<SimFile, Uint8Array>;
  lines: Record<SimFile, number>;
  chunks: number;
}

/** Every chunk of a run, concatenated per file. */
export function collect(s: Scenario, options: GenerateOptions = {}): Collected {
  const parts: Record<SimFile, Uint8Array[]> = { 'access.log': [], 'auth.log': [], 'metrics.csv': [] };
  const lines: Record<SimFile, number> = { 'access.log': 0, 'auth.log': 0, 'metrics.csv': 0 };
  let chunks = 0;
  for (const c of generate(s, options)) {
    parts[c.file].push(c.bytes);
    lines[c.file] += c.lines;
    chunks++;
  }
  const join = (xs: Uint8Array[]) => {
    const out = new Uint8Array(xs.reduce((n, x) => n + x.length, 0));
    let o = 0;
    for (const x of xs) {
      out.set(x, o);
      o += x.length;
    }
    return out;
  };
  return {
    bytes: { 'access.log': join(parts['access.log']), 'auth.log': join(parts['auth.log']), 'metrics.csv': join(parts['metrics.csv']) },
    lines,
    chunks,
  };
}

/** Columns of every row of one table, gathered from the direct batches. */
export function rowsOf<T extends Batch['table']>(s: Scenario, table: T): Extract<Batch, { table: T }>[] {
  const file: SimFile = table === 'requests' ? 'access.log' : table === 'auth_events' ? 'auth.log' : 'metrics.csv';
  return [...generateBatches(s, { files: [file] })] as Extract<Batch, { table: T }>[];
}

/** The q-quantile (0–1) of numbers, nearest rank; NaN for none. */
export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const a = [...xs].sort((x, y) => x - y);
  return a[Math.min(a.length - 1, Math.max(0, Math.ceil(q * a.length) - 1))];
}

/** Least-squares slope of y over x. */
export function slope(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (x[i] - mx) * (y[i] - my);
    den += (x[i] - mx) ** 2;
  }
  return num / den;
}

// Pooled results of the detection-quality runs: one accumulator per (variant, seed group, preset,
// detector), fed with each run's test-span assessment, read by the tables in quality-tables.ts.
import { type DetectorResult, type EvalContext } from '../lib/eval/evaluate';
import { testEvents } from '../lib/eval/assess';

export type SeedGroup = 'tuning' | 'held-out';

export interface Agg {
  /** incidents detected / incidents on the test spans (a run where the detector failed counts its incidents as missed) */
  detected: number;
  total: number;
  /** false alarm events and test days, over the runs the detector made */
  fa: number;
  days: number;
  /** lead (s) of every detected incident with a precursor, pooled */
  leads: number[];
  /** lead (s) of detected ramp incidents, default matching and counting alarms from the precursor on */
  rampLeads: number[];
  rampLeadsPrecursor: number[];
  /** window F1 and oracle F1 of each run with incidents */
  f1: number[];
  oracle: number[];
  kinds: Record<string, { detected: number; total: number }>;
  runs: number;
  errors: string[];
}

const SEP = '\u0000';

/** Failure kinds that ramp up before failing: the ramp lead columns are over these. */
export const RAMP_KINDS = new Set(['latency-ramp', 'memory-leak', 'disk-filling']);

export class Store {
  private readonly aggs = new Map<string, Agg>();

  get(variant: string, group: SeedGroup, preset: string, detector: string): Agg | undefined {
    return this.aggs.get([variant, group, preset, detector].join(SEP));
  }

  private at(variant: string, group: SeedGroup, preset: string, detector: string): Agg {
    const key = [variant, group, preset, detector].join(SEP);
    let a = this.aggs.get(key);
    if (!a) {
      a = { detected: 0, total: 0, fa: 0, days: 0, leads: [], rampLeads: [], rampLeadsPrecursor: [], f1: [], oracle: [], kinds: {}, runs: 0, errors: [] };
      this.aggs.set(key, a);
    }
    return a;
  }

  /** Detectors recorded under a variant, in the order first seen. */
  detectors(variant: string): string[] {
    const out: string[] = [];
    for (const k of this.aggs.keys()) {
      const [v, , , d] = k.split(SEP);
      if (v === variant && !out.includes(d)) out.push(d);
    }
    return out;
  }

  /**
   * One run's assessment of one detector at the threshold it was given. `runTotal` and `runKinds`
   * (the run's incidents) are what a detector that could not train is charged with as missed.
   */
  add(v: { variant: string; group: SeedGroup; preset: string }, ctx: EvalContext, d: DetectorResult, scores: ArrayLike<number> | undefined, runTotal: number, runKinds: Record<string, number>): void {
    const a = this.at(v.variant, v.group, v.preset, d.name);
    a.runs++;
    if (d.error !== null || !scores) {
      a.errors.push(d.error ?? 'no scores');
      a.total += runTotal;
      for (const [kind, n] of Object.entries(runKinds)) (a.kinds[kind] ??= { detected: 0, total: 0 }).total += n;
      return;
    }
    const days = (ctx.split.test.end - ctx.split.test.start) * ctx.config.windowSec / 86_400;
    a.detected += d.events_detected;
    a.total += d.events_total;
    a.fa += d.false_alarms_per_day * days;
    a.days += days;
    if (d.events_total > 0) {
      a.f1.push(d.f1);
      a.oracle.push(d.oracle_f1);
    }
    for (const [kind, c] of Object.entries(d.by_kind)) {
      const k = (a.kinds[kind] ??= { detected: 0, total: 0 });
      k.detected += c.detected;
      k.total += c.total;
    }
    for (const inc of testEvents(ctx, scores, d.threshold).incidents) {
      if (inc.leadMs === null) continue;
      a.leads.push(inc.leadMs / 1000);
      if (RAMP_KINDS.has(inc.kind)) a.rampLeads.push(inc.leadMs / 1000);
    }
    const fromPrecursor: EvalContext = { ...ctx, config: { ...ctx.config, matchPrecursor: true } };
    for (const inc of testEvents(fromPrecursor, scores, d.threshold).incidents) if (RAMP_KINDS.has(inc.kind) && inc.leadMs !== null) a.rampLeadsPrecursor.push(inc.leadMs / 1000);
  }
}

/** The incidents of a run's test span, in total and per kind (from any detector that ran). */
export function runIncidents(results: readonly DetectorResult[]): { total: number; kinds: Record<string, number> } {
  const ran = results.filter((d) => d.error === null);
  const kinds: Record<string, number> = {};
  for (const d of ran) for (const [kind, c] of Object.entries(d.by_kind)) kinds[kind] = Math.max(kinds[kind] ?? 0, c.total);
  return { total: Math.max(0, ...ran.map((d) => d.events_total)), kinds };
}

export const median = (v: readonly number[]): number | null => {
  if (v.length === 0) return null;
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};
export const mean = (v: readonly number[]): number | null => (v.length ? v.reduce((a, x) => a + x, 0) / v.length : null);
export const fmt = (x: number | null | undefined, d = 2): string => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(d));
export const share = (a: number, b: number): string => (b ? `${a}/${b} (${((100 * a) / b).toFixed(0)} %)` : '0/0');
export const faPerDay = (a: Agg | undefined): number | null => (a && a.days > 0 ? a.fa / a.days : null);

/** The target: ≥ 95 % of incidents at ≤ 1 false alarm/day on every preset; every kind ≥ 80 % by some detector. */
export const TARGET = { detected: 0.95, faPerDay: 1, kind: 0.8 } as const;

export const seedsText = (s: number[]) => (s.length > 1 && s.every((x, i) => i === 0 || x === s[i - 1] + 1) ? `${s[0]}–${s[s.length - 1]}` : s.join(', '));

/** "detected/total · FA/day", with ✓ when the preset is within the target. */
export function cell(a: Agg | undefined): string {
  if (!a) return '–';
  const fa = faPerDay(a);
  return `${a.detected}/${a.total} · ${fmt(fa)}${within(a) ? ' ✓' : ''}`;
}

export function within(a: Agg | undefined): boolean {
  if (!a) return false;
  const fa = faPerDay(a);
  return fa !== null && fa <= TARGET.faPerDay && (a.total === 0 || a.detected / a.total >= TARGET.detected);
}

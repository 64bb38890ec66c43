// The alternatives the "what each change did" tables compare, all run on the tuning seeds only and
// on the same simulated data as the main table: earlier defaults, each change one at a time, and
// ideas tried and not adopted. Every variant chooses its thresholds on the training span, like
// the product; the all-rows ensemble is the one exception, labelled as using the future.
import type { EvalConfig, EvalRun } from '../lib/eval/evaluate';
import { LOAD_FOLLOWING_METRIC } from '../lib/features/catalogue';
import { midRank, rankAverage } from '../lib/detectors/ensemble';
import { DEFAULT_ALARMS_PER_DAY } from '../lib/metrics/thresholds';
import type { ParamsInput } from '../lib/eval/params';

/** The default features before this change (main at 61ff117), kept here for the comparison only. */
export function previousDefaults(metricNames: readonly string[]): string[] {
  return [
    'requests', 'rate_4xx', 'rate_5xx', 'p50_ms', 'p90_ms', 'p99_ms', 'unique_ips', 'top_ip_share', 'route_p90_max', 'route_5xx_max', 'route_latency_index_max',
    'auth_failures', 'auth_top_ip_failures',
    ...metricNames.flatMap((n) => [`metric_mean:${n}`, `metric_max:${n}`, ...(LOAD_FOLLOWING_METRIC.test(n) ? [`metric_resid_load_max:${n}`] : [])]),
  ];
}

/** Features the default set dropped, added back one at a time. */
export const DROPPED = ['rate_4xx', 'top_ip_share', 'p99_ms', 'route_p90_max'] as const;

const levelOf = (f: string) => (f.startsWith('metric_rise_max:') ? [`metric_mean:${f.slice(16)}`, `metric_max:${f.slice(16)}`] : [f]);

export interface EwmaVariant {
  name: string;
  /** the variant's features from the metric names and the current defaults */
  features(metricNames: readonly string[], defaults: readonly string[]): string[];
  threshold: EvalConfig['threshold'];
  params?: ParamsInput;
  /** a score transform after the detector (still causal), for rules tried outside the product */
  transform?: (s: Float64Array) => Float64Array;
}

const BUDGET = (perDay: number): EvalConfig['threshold'] => ({ rule: 'alarm-budget', perDay });
const NOW = BUDGET(DEFAULT_ALARMS_PER_DAY);
const MEAN_CENTRE: ParamsInput = { ewma: { center: 'mean' } };

/** Running minimum over the last k windows: an alarm needs k windows in a row above the threshold. */
export function lastingAtLeast(k: number): (s: Float64Array) => Float64Array {
  return (s) => {
    const out = new Float64Array(s.length);
    for (let i = 0; i < s.length; i++) {
      let m = Infinity;
      for (let j = Math.max(0, i - k + 1); j <= i; j++) m = Math.min(m, s[j]);
      out[i] = m;
    }
    return out;
  };
}

/**
 * The EWMA chart step by step from the previous defaults to the current ones (the chain), then
 * the current defaults with one thing changed (each row says what).
 */
export const EWMA_CHAIN: readonly EwmaVariant[] = [
  { name: 'previous defaults: previous features, EWMA centred on the mean, budget 1/day', features: (m) => previousDefaults(m), threshold: BUDGET(1), params: MEAN_CENTRE },
  { name: '+ current default features', features: (_, d) => [...d], threshold: BUDGET(1), params: MEAN_CENTRE },
  { name: '+ EWMA centred on the training median', features: (_, d) => [...d], threshold: BUDGET(1) },
  { name: `+ budget ${DEFAULT_ALARMS_PER_DAY}/day on the training span (current defaults)`, features: (_, d) => [...d], threshold: NOW },
];

export const EWMA_ONE_AT_A_TIME: readonly EwmaVariant[] = [
  ...DROPPED.map((f): EwmaVariant => ({ name: `current + ${f}`, features: (_, d) => [...d, f], threshold: NOW })),
  { name: 'current, disk as its level (mean, max) instead of its rise', features: (_, d) => d.flatMap(levelOf), threshold: NOW },
  { name: 'current + disk level (mean, max) beside its rise', features: (_, d) => [...d, ...d.filter((f) => f.startsWith('metric_rise_max:')).flatMap(levelOf)], threshold: NOW },
  { name: 'current, previous features', features: (m) => previousDefaults(m), threshold: NOW },
  { name: 'current, EWMA centred on the mean', features: (_, d) => [...d], threshold: NOW, params: MEAN_CENTRE },
  { name: 'current at budget 1/day', features: (_, d) => [...d], threshold: BUDGET(1) },
  { name: 'tried: current at budget 1/day, alarms lasting ≥ 3 windows only', features: (_, d) => [...d], threshold: BUDGET(1), transform: lastingAtLeast(3) },
  { name: 'tried: current, EWMA λ 0.1', features: (_, d) => [...d], threshold: NOW, params: { ewma: { lambda: 0.1 } } },
];

/** Every feature any variant reads, so one feature load per run serves them all. */
export function variantFeatures(metricNames: readonly string[], defaults: readonly string[]): string[] {
  const all = new Set<string>(defaults);
  for (const v of [...EWMA_CHAIN, ...EWMA_ONE_AT_A_TIME]) for (const f of v.features(metricNames, defaults)) all.add(f);
  return [...all];
}

/**
 * Ensembles of a run's anomaly detectors other than the product's: the rank average over every
 * window of the run, the test span included (what the evaluation did before it became causal:
 * it uses the future, shown for comparison only), and two causal combinations tried (the highest
 * and the median of the members' ranks against their training scores).
 */
export function ensembleAlternatives(run: EvalRun, members: readonly string[]): Record<string, Float64Array> {
  const scores = members.map((m) => run.scores[m]);
  const trainEnd = run.context.split.train.end;
  const ranks = scores.map((s) => {
    const ref = Float64Array.from(s.subarray(0, trainEnd)).sort();
    return Float64Array.from(s, (v) => midRank(ref, v));
  });
  const n = scores[0].length;
  const pick = (f: (r: number[]) => number) => Float64Array.from({ length: n }, (_, i) => f(ranks.map((r) => r[i])));
  return {
    'rank average over all windows (uses the future)': rankAverage(scores),
    'tried: highest member rank vs training': pick((r) => Math.max(...r)),
    'tried: median member rank vs training': pick((r) => {
      const s = [...r].sort((a, b) => a - b);
      const h = s.length >> 1;
      return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
    }),
  };
}

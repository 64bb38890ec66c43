// Detection quality over the simulator presets × 5 seeds, with deployable thresholds (quantile 0.99
// of training scores), on native DuckDB: the same lib/ code the CLI runs.
import { openNative } from '../lib/engine/native';
import { createSchema } from '../lib/engine/schema';
import { labelRows, simulateInto } from '../lib/engine/simulate';
import { planIncidents } from '../simulator/plan';
import { PRESETS, type PresetId, type Scenario } from '../simulator/scenario';
import { ENSEMBLE, evaluate, evalDefaults } from '../lib/eval/evaluate';
import { DETECTOR_NAMES } from '../lib/eval/registry';
import { REQUEST_FEATURES, AUTH_FEATURES } from '../lib/features/catalogue';

const SEEDS = [1, 2, 3, 4, 5];
const FEATURES = [
  ...[...REQUEST_FEATURES, ...AUTH_FEATURES].map((f) => f.id),
  ...['cpu_pct', 'ram_pct', 'disk_pct'].flatMap((m) => [`metric_mean:${m}`, `metric_max:${m}`, `d:metric_mean:${m}`]),
];

interface Agg { detected: number; total: number; fa: number; days: number; leads: number[]; f1: number[]; oracle: number[] }

export async function qualitySection(): Promise<string> {
  const presets: PresetId[] = ['web-shop', 'ssh-attack', 'memory-leak', 'quiet-week'];
  const detectors = [...DETECTOR_NAMES, ENSEMBLE];
  const table = new Map<string, Agg>();
  for (const preset of presets) {
    for (const seed of SEEDS) {
      const s = structuredClone(PRESETS[preset].scenario) as Scenario;
      s.seed = seed;
      if (preset === 'web-shop' || preset === 'quiet-week') s.traffic.rps = 1;
      const db = await openNative();
      try {
        await createSchema(db);
        await simulateInto(db, s);
        const names = (await db.query('SELECT DISTINCT name FROM metrics')).map((r) => String(r.name));
        const features = FEATURES.filter((f) => !f.includes('metric_') || names.some((n) => f.endsWith(`:${n}`)));
        const r = await evaluate(db, { ...evalDefaults, seed, features, detectors }, labelRows(planIncidents(s)));
        const days = (r.testWindows * evalDefaults.windowSec) / 86_400;
        for (const d of r.detectors) {
          const key = `${preset}\u0000${d.name}`;
          const a = table.get(key) ?? { detected: 0, total: 0, fa: 0, days: 0, leads: [], f1: [], oracle: [] };
          a.detected += d.events_detected;
          a.total += d.events_total;
          a.fa += d.false_alarms_per_day * days;
          a.days += days;
          if (d.median_lead_s !== null) a.leads.push(d.median_lead_s);
          if (d.events_total > 0) {
            a.f1.push(d.f1);
            a.oracle.push(d.oracle_f1);
          }
          table.set(key, a);
        }
      } finally {
        await db.close();
      }
    }
  }
  const med = (v: number[]) => (v.length ? [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)] : null);
  const mean = (v: number[]) => (v.length ? v.reduce((a, x) => a + x, 0) / v.length : null);
  const f = (x: number | null, d = 2) => (x === null || !Number.isFinite(x) ? '–' : x.toFixed(d));
  const rows: string[] = [];
  for (const preset of presets) {
    for (const name of detectors) {
      const a = table.get(`${preset}\u0000${name}`)!;
      rows.push(
        `| ${preset} | ${name} | ${a.detected}/${a.total} (${a.total ? ((100 * a.detected) / a.total).toFixed(0) : '–'} %) | ${f(a.fa / a.days, 1)} | ${f(med(a.leads), 0)} | ${f(mean(a.f1))} | ${f(mean(a.oracle))} |`,
      );
    }
  }
  return `## Detection quality: simulator presets × seeds ${SEEDS.join(', ')}

Window 1 min, first half of the span for training, robust scaling fitted on it, threshold = 0.99
quantile of training scores (deployable: no test labels), an incident detected when an alarm falls
within [failure start − 10 min, failure end]. Test span only. web-shop and quiet-week at 1 request/s.
Oracle F1 tunes the threshold on the test labels: an upper bound, not a result.
Targets (issue 4): best detector ≥ 95 % of incidents, ≤ 2 false alarms/day, median lead ≥ 10 min on ramps.

| preset | detector | incidents detected | false alarms/day | median lead s | window F1 | oracle F1 |
|---|---|---:|---:|---:|---:|---:|
${rows.join('\n')}

The KNN pre-failure matcher alarms at its own similarity level (0.8) instead of the quantile rule and
is left out of the ensemble; it cannot train on a seed whose training half holds no labeled failure
(counted as 0 detected there). Not yet here: per-kind recall and a threshold rule tuned for the targets.
`;
}

import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { openNative } from '../engine/native';
import { createSchema } from '../engine/schema';
import { loadSources } from '../engine/load';
import { ENSEMBLE, evaluateFrame, evalDefaults, type DetectorResult, type EvalConfig } from '../eval/evaluate';
import { loadFeatures } from '../eval/frame';
import { DETECTOR_NAMES } from '../eval/registry';
import { parseLabelsCsv, parseNabWindows } from '../labels/parse';
import { parseWindow } from '../spec/schema';
import { defaultFeatures } from '../features/catalogue';
import { messageOf } from '../engine/result';
import { fileInput } from './files';
import { parseDetectors, parseSeed, prepareTfBackend } from './args';


/**
 * `harbinger evaluate LOG… --labels FILE [--detectors a,b] [--window 1m] [--train-fraction 0.5] [--seed N]
 * [--threshold quantile|train-best-f1|alarm-budget] [--alarms-per-day 1] [--json]`
 */
export async function evaluateCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        labels: { type: 'string' },
        detectors: { type: 'string', default: [...DETECTOR_NAMES, ENSEMBLE].join(',') },
        window: { type: 'string', default: '1m' },
        'train-fraction': { type: 'string', default: String(evalDefaults.trainFraction) },
        seed: { type: 'string', default: String(evalDefaults.seed) },
        threshold: { type: 'string', default: 'alarm-budget' },
        'alarms-per-day': { type: 'string' },
        json: { type: 'boolean', default: false },
        'tf-backend': { type: 'string', default: 'wasm' },
      },
    });
  } catch (e) {
    process.stderr.write(`harbinger evaluate: ${messageOf(e)}\n`);
    return 2;
  }
  const v = args.values;
  const logs = args.positionals;
  const fail = (msg: string) => (process.stderr.write(`harbinger evaluate: ${msg}\n`), 2);
  if (logs.length === 0) return fail('no log files');
  if (!v.labels) return fail('--labels FILE is required (labels.csv with start,end,kind[,phase], or NAB windows JSON)');
  let windowSec: number;
  try {
    windowSec = parseWindow(v.window);
  } catch (e) {
    return fail(messageOf(e));
  }
  const trainFraction = Number(v['train-fraction']);
  if (!(trainFraction > 0 && trainFraction < 1)) return fail(`invalid --train-fraction "${v['train-fraction']}" (0 < f < 1)`);
  const seed = parseSeed(v.seed);
  if (typeof seed !== 'number') return fail(seed.error);
  const detectors = parseDetectors(v.detectors);
  if (!Array.isArray(detectors)) return fail(detectors.error);
  const tfError = await prepareTfBackend(detectors, v['tf-backend']);
  if (tfError) return fail(tfError);
  const threshold = parseThreshold(v.threshold, v['alarms-per-day']);
  if ('error' in threshold) return fail(threshold.error);

  const db = await openNative();
  try {
    let labelText: string;
    try {
      labelText = await readFile(v.labels, 'utf8');
    } catch (e) {
      throw new Error(`${v.labels}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : messageOf(e)}`, { cause: e });
    }
    const labels = labelText.trimStart().startsWith('{') ? parseNabWindows(labelText, logs[0], v.labels) : parseLabelsCsv(labelText, v.labels);
    await createSchema(db);
    const inputs = [];
    for (const f of logs) inputs.push(await fileInput(f));
    await loadSources(db, inputs, { format: 'auto', latencyUnit: 'auto' });
    const names = (await db.query('SELECT DISTINCT name FROM metrics ORDER BY name')).map((r) => String(r.name));
    const features = defaultFeatures(names);
    // the features' baselines end where the evaluation's training span ends
    const frame = await loadFeatures(db, windowSec, features, { trainFraction });
    const result = await evaluateFrame(frame, { ...evalDefaults, windowSec, trainFraction, seed, features, detectors, threshold }, labels);
    if (v.json) {
      process.stdout.write(JSON.stringify({ windows: result.windows, train_windows: result.trainWindows, test_windows: result.testWindows, split_time: new Date(result.splitTime).toISOString(), features, detectors: result.detectors.map(jsonRow) }) + '\n');
    } else {
      process.stdout.write(table(result.detectors, result.windows, result.testWindows));
    }
    return 0;
  } catch (e) {
    process.stderr.write(`harbinger evaluate: ${messageOf(e)}\n`);
    return 1;
  } finally {
    await db.close();
  }
}

/** `--threshold` and `--alarms-per-day` (alarm-budget only; default 1, the spec's range 0.1–100). */
function parseThreshold(rule: string, perDay: string | undefined): EvalConfig['threshold'] | { error: string } {
  if (rule !== 'alarm-budget' && perDay !== undefined) return { error: '--alarms-per-day goes with --threshold alarm-budget' };
  switch (rule) {
    case 'quantile':
      return { rule: 'quantile', q: 0.99 };
    case 'train-best-f1':
      return { rule: 'train-best-f1' };
    case 'alarm-budget': {
      const n = Number(perDay ?? '1');
      if (perDay?.trim() === '' || !(n >= 0.1 && n <= 100)) return { error: `invalid --alarms-per-day "${perDay}" (0.1 to 100)` };
      return { rule: 'alarm-budget', perDay: n };
    }
    default:
      return { error: `invalid --threshold "${rule}" (quantile, train-best-f1 or alarm-budget)` };
  }
}

/** NaN (a metric with no positive window) prints as null; times rounded to ms. */
function jsonRow(d: DetectorResult): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) out[k] = typeof v === 'number' ? (Number.isFinite(v) ? (k.endsWith('_ms') ? Math.round(v) : v) : null) : v;
  return out;
}

function table(rows: DetectorResult[], windows: number, test: number): string {
  const f = (x: number | null, d = 3) => (x === null || !Number.isFinite(x) ? '–' : x.toFixed(d));
  const lines = [`${windows} windows, ${test} in the test span (metrics below are on the test span only)`, 'detector              P      R      F1     PR-AUC VUS-PR events  FA/day lead(s) oracleF1*'];
  for (const d of rows) {
    if (d.error !== null) {
      lines.push(`${d.name.padEnd(20)} not run: ${d.error}`);
      continue;
    }
    lines.push(
      `${d.name.padEnd(20)} ${f(d.precision)}  ${f(d.recall)}  ${f(d.f1)}  ${f(d.pr_auc)}  ${f(d.vus_pr)}  ${`${d.events_detected}/${d.events_total}`.padEnd(6)}  ${f(d.false_alarms_per_day, 1).padStart(6)} ${f(d.median_lead_s, 0).padStart(7)} ${f(d.oracle_f1)}`,
    );
  }
  lines.push('* oracle F1: threshold tuned on the test labels, an upper bound, not a deployable result');
  const kinds = [...new Set(rows.flatMap((d) => Object.keys(d.by_kind)))].sort();
  if (kinds.length > 0) {
    lines.push('', `incidents detected per kind (test span)`, `${'detector'.padEnd(20)} ${kinds.map((k) => k.padStart(Math.max(k.length, 5))).join(' ')}`);
    for (const d of rows) {
      if (d.error !== null) continue;
      lines.push(`${d.name.padEnd(20)} ${kinds.map((k) => { const c = d.by_kind[k]; return (c ? `${c.detected}/${c.total}` : '–').padStart(Math.max(k.length, 5)); }).join(' ')}`);
    }
  }
  return lines.join('\n') + '\n';
}

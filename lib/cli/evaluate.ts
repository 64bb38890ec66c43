import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { openNative } from '../db/native';
import { sqlString } from '../db/schema';
import { readWindowTable } from '../features/window-table';
import { ENSEMBLE, evaluateFrame, evalDefaults, loadFeatures, type DetectorResult, type EvalConfig, type FeatureFrame } from '../eval/evaluate';
import { testAlarms, type AlarmRecord } from '../eval/assess';
import { DETECTOR_NAMES } from '../eval/registry';
import { parseLabelsCsv, parseNabWindows } from '../labels/parse';
import { parseWindow } from '../spec/schema';
import { defaultFeatures } from '../features/catalogue';
import { messageOf } from '../jobs/result';
import { loadLogFiles } from './files';
import { errLine, out, outJson } from './terminal';
import { parseDetectors, parsePost, parseSeed, prepareTfBackend } from './args';
import { parseIsoTime } from '../metrics/split';
import { DEFAULT_ALARMS_PER_DAY } from '../metrics/thresholds';
import { fitSpanOf } from '../eval/frame';
import { CLICKHOUSE_OPTIONS, chDefaultFeatures, chFrame, chSourceOf } from './clickhouse-source';

/**
 * `harbinger evaluate (LOG… | --clickhouse URL --table T [--from ISO] [--to ISO] | --windows FILE.csv|.parquet) --labels FILE [--detectors a,b] [--window 1m] [--train-fraction 0.5 | --split-at ISO-TIME]
 * [--seed N] [--threshold quantile|train-best-f1|alarm-budget] [--alarms-per-day 0.5] [--post KIND] [--save-model FILE] [--json]`
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
        'train-fraction': { type: 'string' },
        'split-at': { type: 'string' },
        post: { type: 'string', default: 'none' },
        seed: { type: 'string', default: String(evalDefaults.seed) },
        threshold: { type: 'string', default: 'alarm-budget' },
        'alarms-per-day': { type: 'string' },
        json: { type: 'boolean', default: false },
        'save-model': { type: 'string' },
        'tf-backend': { type: 'string', default: 'wasm' },
        ...CLICKHOUSE_OPTIONS,
        windows: { type: 'string' },
      },
    });
  } catch (e) {
    errLine('harbinger evaluate', messageOf(e));
    return 2;
  }
  const v = args.values;
  const logs = args.positionals;
  const fail = (msg: string) => (errLine('harbinger evaluate', msg), 2);
  const chSource = chSourceOf(v);
  if (chSource && 'error' in chSource) return fail(chSource.error);
  const sources = [logs.length > 0, chSource !== null, v.windows !== undefined].filter(Boolean).length;
  if (sources > 1) return fail('give one of: log files, --clickhouse URL --table T, --windows FILE');
  if (sources === 0) return fail('no log files (or --clickhouse URL --table T, or --windows FILE)');
  // the bundle's feature state is fitted on the training span's log rows: a window table or a cluster has none here
  if (v['save-model'] !== undefined && logs.length === 0) return fail('--save-model needs log files (the live features are fitted on their training span)');
  if (v.windows !== undefined && !/\.(csv|parquet)$/i.test(v.windows)) return fail(`--windows ${v.windows}: a .csv or .parquet window table (as \`harbinger features --out\` writes)`);
  if (!v.labels) return fail('--labels FILE is required (labels.csv with start,end,kind[,phase], or NAB windows JSON)');
  let windowSec: number;
  try {
    windowSec = parseWindow(v.window);
  } catch (e) {
    return fail(messageOf(e));
  }
  if (v['train-fraction'] !== undefined && v['split-at'] !== undefined) return fail('give --train-fraction or --split-at, not both');
  const trainFraction = Number(v['train-fraction'] ?? evalDefaults.trainFraction);
  if (!(trainFraction > 0 && trainFraction < 1)) return fail(`invalid --train-fraction "${v['train-fraction']}" (0 < f < 1)`);
  const splitAt = v['split-at'] === undefined ? null : parseIsoTime(v['split-at']);
  if (Number.isNaN(splitAt)) return fail(`invalid --split-at "${v['split-at']}" (an ISO 8601 time such as 2026-01-05T12:00:00Z)`);
  const post = parsePost(v.post);
  if ('error' in post) return fail(post.error);
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
    const labels = labelText.trimStart().startsWith('{') ? parseNabWindows(labelText, logs[0] ?? v.table ?? '', v.labels) : parseLabelsCsv(labelText, v.labels);
    const config = { ...evalDefaults, windowSec, trainFraction, splitAt, seed, detectors, threshold, post };
    let features: string[];
    let result;
    let frame: FeatureFrame | null = null;
    if (v.windows !== undefined) {
      // detectors on a window table made elsewhere: its window length is the table's
      const reader = /\.parquet$/i.test(v.windows) ? 'read_parquet' : 'read_csv';
      const table = await readWindowTable(db, `${reader}(${sqlString(v.windows)})`, v.windows);
      features = table.frame.features;
      result = await evaluateFrame(table.frame, { ...config, windowSec: table.windowSec, features }, labels);
    } else if (chSource) {
      // the windows are computed in the cluster; detectors, thresholds and metrics are the same as for files
      features = await chDefaultFeatures(chSource);
      const windows = await chFrame(chSource, windowSec, features, fitSpanOf(config, windowSec), 'harbinger evaluate');
      result = await evaluateFrame(windows, { ...config, features }, labels);
    } else {
      const names = await loadLogFiles(db, logs);
      features = defaultFeatures(names);
      // what evaluate() does, with the frame kept: the model bundle needs the training rows
      frame = await loadFeatures(db, windowSec, features, fitSpanOf(config, windowSec));
      result = await evaluateFrame(frame, { ...config, features }, labels);
    }
    if (v['save-model'] !== undefined && frame !== null) {
      const { saveModel } = await import('./save-model');
      for (const note of await saveModel(db, result, frame, logs, v['save-model'])) errLine('harbinger evaluate', `model bundle: ${note}`);
    }
    if (v.json) {
      const alarms = (d: DetectorResult) => (d.error === null && result.scores[d.name] ? testAlarms(result.context, result.scores[d.name], d.threshold) : []);
      const rows = result.detectors.map((d) => jsonRow(d, alarms(d)));
      outJson({ windows: result.windows, train_windows: result.trainWindows, test_windows: result.testWindows, split_time: new Date(result.splitTime).toISOString(), post: post.kind, features, detectors: rows });
    } else {
      out(table(result.detectors, result.windows, result.testWindows));
    }
    return 0;
  } catch (e) {
    errLine('harbinger evaluate', messageOf(e));
    return 1;
  } finally {
    await db.close();
  }
}

/** `--threshold` and `--alarms-per-day` (alarm-budget only; default the spec's, DEFAULT_ALARMS_PER_DAY; the spec's range 0.1–100). */
function parseThreshold(rule: string, perDay: string | undefined): EvalConfig['threshold'] | { error: string } {
  if (rule !== 'alarm-budget' && perDay !== undefined) return { error: '--alarms-per-day goes with --threshold alarm-budget' };
  switch (rule) {
    case 'quantile':
      return { rule: 'quantile', q: 0.99 };
    case 'train-best-f1':
      return { rule: 'train-best-f1' };
    case 'alarm-budget': {
      const n = Number(perDay ?? String(DEFAULT_ALARMS_PER_DAY));
      if (perDay?.trim() === '' || !(n >= 0.1 && n <= 100)) return { error: `invalid --alarms-per-day "${perDay}" (0.1 to 100)` };
      return { rule: 'alarm-budget', perDay: n };
    }
    default:
      return { error: `invalid --threshold "${rule}" (quantile, train-best-f1 or alarm-budget)` };
  }
}

/** NaN (a metric with no positive window) prints as null; times rounded to ms; the test span's alarm events last. */
function jsonRow(d: DetectorResult, alarms: AlarmRecord[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) out[k] = typeof v === 'number' ? (Number.isFinite(v) ? (k.endsWith('_ms') ? Math.round(v) : v) : null) : v;
  out.alarms = alarms;
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

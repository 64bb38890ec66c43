import { parseArgs } from 'node:util';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { DETECTOR_NAMES } from '../eval/registry';
import { ENSEMBLE } from '../eval/evaluate';
import { NAB_PROFILE_NAMES, type NabProfileName } from '../metrics/nab';
import { NAB_UNSUPPORTED, parseNabCsv, parseNabWindowsJson, parsePublishedScores, runNab, type NabDataFile, type NabRunResult, type PublishedScores } from '../eval/nab-run';
import { messageOf } from '../jobs/result';
import { parseDetectors, parsePost, parseSeed, prepareTfBackend } from './args';
import { errLine, escapeControl, out, outJson } from './terminal';

/** Folders of a NAB checkout that hold no data files. */
const NOT_DATA = new Set(['labels', 'results', 'config']);

/** `harbinger nab DIR [--detectors a,b] [--post KIND] [--seed N] [--json]` */
export async function nabCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        detectors: { type: 'string', default: [...DETECTOR_NAMES.filter((d) => !NAB_UNSUPPORTED.includes(d)), ENSEMBLE].join(',') },
        seed: { type: 'string', default: '42' },
        post: { type: 'string', default: 'likelihood+extreme' },
        json: { type: 'boolean', default: false },
        'tf-backend': { type: 'string', default: 'wasm' },
      },
    });
  } catch (e) {
    errLine('harbinger nab', messageOf(e));
    return 2;
  }
  const v = args.values;
  const fail = (msg: string) => (errLine('harbinger nab', msg), 2);
  if (args.positionals.length !== 1) return fail(`expected one NAB directory, got ${args.positionals.length}`);
  const dir = args.positionals[0]!;
  const seed = parseSeed(v.seed);
  if (typeof seed !== 'number') return fail(seed.error);
  const post = parsePost(v.post);
  if (typeof post !== 'object' || 'error' in post) return fail(post.error);
  const detectors = parseDetectors(v.detectors);
  if (!Array.isArray(detectors)) return fail(detectors.error);
  const tfError = await prepareTfBackend(detectors, v['tf-backend']);
  if (tfError) return fail(tfError);

  try {
    const t = performance.now();
    const { files, skipped } = await readCorpus(dir);
    if (skipped.length > 0) errLine('harbinger nab', `skipped ${skipped.length} CSV file(s) with no entry in the labels: ${skipped.join(', ')}`);
    const published = await readPublished(dir);
    const result = await runNab(files, detectors, published, { seed, post });
    const elapsed = performance.now() - t;
    if (v.json) {
      const round = (x: number) => Math.round(x);
      const timeMs = Object.fromEntries(Object.entries(result.timeMs).map(([k, x]) => [k, round(x)]));
      outJson({ files: result.files, windows: result.windows, seed, post: post.kind, profiles: result.profiles, per_file: result.perFile, time_ms: timeMs, elapsed_ms: round(elapsed) });
    } else {
      out(table(result, dir, detectors, elapsed));
    }
    return 0;
  } catch (e) {
    errLine('harbinger nab', messageOf(e));
    return 1;
  }
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : messageOf(e)}`, { cause: e });
  }
}

function dirError(dir: string, e: unknown): Error {
  return new Error(`${dir}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : messageOf(e)}`, { cause: e });
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (e) {
    throw dirError(dir, e);
  }
}

/** DIR/<category>/<file>.csv with DIR/labels/combined_windows.json; files in sorted order for determinism. */
async function readCorpus(dir: string): Promise<{ files: NabDataFile[]; skipped: string[] }> {
  const labelsPath = path.join(dir, 'labels', 'combined_windows.json');
  const windows = parseNabWindowsJson(await readText(labelsPath), labelsPath);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw dirError(dir, e);
  }
  const files: NabDataFile[] = [];
  const skipped: string[] = [];
  const categories = entries.filter((e) => e.isDirectory() && !NOT_DATA.has(e.name)).map((e) => e.name).sort();
  for (const cat of categories) {
    const names = (await listDir(path.join(dir, cat))).filter((n) => n.endsWith('.csv')).sort();
    for (const n of names) {
      const key = `${cat}/${n}`;
      const ws = windows.get(key);
      if (!ws) {
        skipped.push(key);
        continue;
      }
      const { timestamps, values } = parseNabCsv(await readText(path.join(dir, cat, n)), key);
      files.push({ name: key, timestamps, values, windows: ws });
    }
  }
  if (files.length === 0) throw new Error(`${dir}: no labelled data files (expected <category>/<file>.csv listed in labels/combined_windows.json)`);
  return { files, skipped };
}

/** DIR/results/per_file_scores/<det>_<profile>_scores.csv; none when the folder is absent. */
async function readPublished(dir: string): Promise<PublishedScores> {
  const folder = path.join(dir, 'results', 'per_file_scores');
  let names: string[];
  try {
    names = (await readdir(folder)).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw dirError(folder, e);
  }
  const scores: PublishedScores = {};
  for (const n of names) {
    const profile = NAB_PROFILE_NAMES.find((p) => n.endsWith(`_${p}_scores.csv`));
    if (!profile) continue;
    const det = n.slice(0, -`_${profile}_scores.csv`.length);
    (scores[det] ??= {})[profile] = parsePublishedScores(await readText(path.join(folder, n)), path.join(folder, n));
  }
  return scores;
}

const SHORT: Record<NabProfileName, string> = { standard: 'standard', reward_low_FP_rate: 'low FP', reward_low_FN_rate: 'low FN' };

function table(r: NabRunResult, dir: string, detectors: readonly string[], elapsedMs: number): string {
  const f = (x: number | null | undefined) => (x == null ? '–' : x.toFixed(1)).padStart(9);
  const lines = [
    `NAB on ${r.files} files, ${r.windows} windows (${escapeControl(dir)}); ${(elapsedMs / 1000).toFixed(1)} s`,
    'Normalised scores (0 = null detector, 100 = perfect). Ours: trained on each file\'s probationary rows,',
    'one threshold per detector and profile from NAB\'s sweep over these files. Published: NAB\'s per-file scores summed over the same files.',
    '',
    `${''.padEnd(32)}${NAB_PROFILE_NAMES.map((p) => SHORT[p].padStart(9)).join('')}`,
  ];
  for (const d of detectors) lines.push(`ours       ${d.padEnd(21)}${NAB_PROFILE_NAMES.map((p) => f(r.profiles[p].ours[d])).join('')}`);
  const pub = Object.keys(r.profiles.standard.published).sort((a, b) => (r.profiles.standard.published[b] ?? -Infinity) - (r.profiles.standard.published[a] ?? -Infinity));
  for (const d of pub) lines.push(`published  ${d.padEnd(21)}${NAB_PROFILE_NAMES.map((p) => f(r.profiles[p].published[d])).join('')}`);
  if (pub.length === 0) lines.push('(no published scores found under results/per_file_scores)');
  lines.push('', `Raw per-file scores, standard profile (ours):`, `${'file'.padEnd(56)}win ${detectors.map((d) => d.slice(0, 9).padStart(10)).join('')}`);
  for (const pf of r.perFile) {
    lines.push(`${escapeControl(pf.file).padEnd(56)}${String(pf.windows).padStart(3)} ${detectors.map((d) => (pf.ours[d]?.standard ?? NaN).toFixed(2).padStart(10)).join('')}`);
  }
  return lines.join('\n') + '\n';
}

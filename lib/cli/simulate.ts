import { parseArgs } from 'node:util';
import { mkdir, open, stat, statfs, utimes, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { PRESETS, type PresetId, type Scenario, type SimFile } from '../../simulator/scenario';
import { generate, selectedFiles } from '../../simulator/generate';
import { estimateSize, type SizeEstimate } from '../../simulator/estimate';
import { planIncidents } from '../../simulator/plan';
import { incidentsJson, labelsCsv } from '../../simulator/labels';
import { checkScenario } from '../../simulator/validate';
import { messageOf } from '../jobs/result';
import { errLine, escapeControl, out, outJson } from './terminal';

const PRESET_IDS = Object.keys(PRESETS) as PresetId[];

/** Estimated output above which `simulate` needs `--force` (1 GB: the web-shop preset writes ≈ 0.13 GB). */
export const FORCE_ABOVE_BYTES = 1e9;

const SIDE_FILES = ['labels.csv', 'incidents.json', 'scenario.json'] as const;

/** `harbinger simulate --preset P [--seed N] [--days D] [--rps R] --out DIR [--force] [--json]` and `--list`. */
export async function simulateCommand(argv: string[]): Promise<number> {
  const fail = (msg: string, code = 2) => (errLine('harbinger simulate', msg), code);
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        preset: { type: 'string' },
        seed: { type: 'string' },
        days: { type: 'string' },
        rps: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean', default: false },
        list: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    return fail(messageOf(e));
  }
  const v = args.values;
  if (v.list) {
    for (const id of PRESET_IDS) out(`${id.padEnd(12)} ${PRESETS[id].label}: ${PRESETS[id].description}\n`);
    return 0;
  }
  if (!v.preset || !PRESET_IDS.includes(v.preset as PresetId)) return fail(`--preset must be one of ${PRESET_IDS.join(', ')} (see --list)`);
  if (!v.out) return fail('--out DIR is required');
  const dir = v.out;
  const scenario = structuredClone(PRESETS[v.preset as PresetId].scenario) as Scenario;
  let estimate: SizeEstimate;
  try {
    if (v.seed !== undefined) scenario.seed = numberArg('seed', v.seed);
    if (v.days !== undefined) scenario.days = numberArg('days', v.days);
    if (v.rps !== undefined) scenario.traffic.rps = numberArg('rps', v.rps);
    checkScenario(scenario);
    estimate = estimateSize(scenario);
  } catch (e) {
    return fail(messageOf(e));
  }
  const size = `≈ ${estimate.totalLines.toLocaleString('en-US')} lines, ${fmtBytes(estimate.totalBytes)}`;
  if (estimate.totalBytes > FORCE_ABOVE_BYTES && !v.force) {
    return fail(`this run would write ${size} to ${dir}; above ${fmtBytes(FORCE_ABOVE_BYTES)} it needs --force (or lower --days / --rps)`);
  }
  const files = [...selectedFiles(scenario), ...SIDE_FILES];
  try {
    const free = await freeBytes(dir);
    // the estimate is within a few percent; a run that cannot fit would only fail half-way
    if (free !== null && estimate.totalBytes > free) return fail(`this run would write ${size} but ${dir} has ${fmtBytes(free)} free`);
    const existing = await existingFiles(dir, files);
    if (existing.length > 0 && !v.force) return fail(`${dir} already holds ${existing.join(', ')}: pass --force to overwrite`);
  } catch (e) {
    return fail(messageOf(e));
  }

  const t0 = performance.now();
  try {
    if (!v.json) out(`writing ${size} to ${dir}\n`);
    await mkdir(dir, { recursive: true });
    const flag = v.force ? 'w' : 'wx';
    const lines = await writeLogs(scenario, dir, flag, estimate);
    const plan = planIncidents(scenario);
    await writeWhole(path.join(dir, 'labels.csv'), labelsCsv(plan), flag);
    await writeWhole(path.join(dir, 'incidents.json'), incidentsJson(plan), flag);
    await writeWhole(path.join(dir, 'scenario.json'), JSON.stringify(scenario, null, 2) + '\n', flag);
    // auth.log timestamps carry no year: readers take it from the file's date, so date the files at the scenario's end
    const end = new Date(scenario.start + scenario.days * 86_400_000);
    for (const f of [...Object.keys(lines), ...SIDE_FILES]) await utimes(path.join(dir, f), end, end);
    const ms = performance.now() - t0;
    const total = Object.values(lines).reduce((a, n) => a + n, 0);
    if (v.json) {
      outJson({ preset: v.preset, seed: scenario.seed, out: dir, lines, incidents: plan.length, estimate: { lines: estimate.totalLines, bytes: estimate.totalBytes }, elapsed_ms: Math.round(ms) });
    } else {
      for (const [f, n] of Object.entries(lines)) out(`${path.join(dir, f)}: ${n.toLocaleString('en-US')} lines\n`);
      out(`${path.join(dir, 'labels.csv')}, incidents.json: ${plan.length} incidents; scenario.json\n`);
      out(`${Math.round(ms)} ms (${Math.round((total / ms) * 1000).toLocaleString('en-US')} lines/s)\n`);
    }
    return 0;
  } catch (e) {
    return fail(messageOf(e), 1);
  }
}

function numberArg(name: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new Error(`invalid --${name} "${text}"`);
  return n;
}

/** SI units, as disks are sold: 1 GB = 10⁹ bytes. */
export function fmtBytes(n: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let u = 0;
  let x = n;
  while (x >= 1000 && u < units.length - 1) {
    x /= 1000;
    u++;
  }
  return u === 0 ? `${Math.round(x)} bytes` : `${x.toFixed(x < 10 ? 1 : 0)} ${units[u]}`;
}

/** Free bytes for an unprivileged writer on the file system that will hold `dir` (its nearest existing ancestor); null when unknown. */
async function freeBytes(dir: string): Promise<number | null> {
  let at = path.resolve(dir);
  for (;;) {
    try {
      const s = await statfs(at);
      return s.bavail * s.bsize;
    } catch (e) {
      const parent = path.dirname(at);
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || parent === at) return null;
      at = parent;
    }
  }
}

/** Which of `files` already exist in `dir`; throws naming `dir` when it exists but is not a folder. */
async function existingFiles(dir: string, files: readonly string[]): Promise<string[]> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error(`${dir}: not a directory`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const found: string[] = [];
  for (const f of files) {
    try {
      await stat(path.join(dir, f));
      found.push(f);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${path.join(dir, f)}: ${messageOf(e)}`, { cause: e });
    }
  }
  return found;
}

/** Opens for writing; 'wx' refuses an existing file (the check before writing may race with another writer). */
async function openOut(file: string, flag: 'w' | 'wx'): Promise<FileHandle> {
  try {
    return await open(file, flag);
  } catch (e) {
    const exists = (e as NodeJS.ErrnoException).code === 'EEXIST';
    throw new Error(`${file}: ${exists ? 'already exists: pass --force to overwrite' : messageOf(e)}`, { cause: e });
  }
}

/** Writes all of `bytes` at `position` (the file's current offset when omitted). */
async function writeAll(handle: FileHandle, file: string, bytes: Uint8Array, position?: number): Promise<void> {
  try {
    for (let at = 0; at < bytes.length; ) at += (await handle.write(bytes, at, bytes.length - at, position === undefined ? null : position + at)).bytesWritten;
  } catch (e) {
    throw new Error(`${file}: ${messageOf(e)}`, { cause: e });
  }
}

async function writeWhole(file: string, text: string, flag: 'w' | 'wx'): Promise<void> {
  const handle = await openOut(file, flag);
  try {
    await writeAll(handle, file, new TextEncoder().encode(text));
  } finally {
    await handle.close();
  }
}

/**
 * Streams each log file chunk by chunk (no file is ever whole in memory); the generator yields
 * the files one after the other. One write is in flight while the next chunk is generated (the
 * two then run on both cores), each at its own offset so the order on disk is the generator's.
 * Progress goes to stderr when it is a terminal.
 */
async function writeLogs(scenario: Scenario, dir: string, flag: 'w' | 'wx', estimate: SizeEstimate): Promise<Partial<Record<SimFile, number>>> {
  const lines: Partial<Record<SimFile, number>> = {};
  const tty = process.stderr.isTTY === true;
  let handle: FileHandle | null = null;
  let current: SimFile | null = null;
  let offset = 0;
  let inFlight: Promise<void> = Promise.resolve();
  let shown = 0;
  try {
    for (const chunk of generate(scenario)) {
      await inFlight;
      if (handle === null || chunk.file !== current) {
        await handle?.close();
        handle = null;
        current = chunk.file;
        handle = await openOut(path.join(dir, current), flag);
        offset = 0;
      }
      inFlight = writeAll(handle, path.join(dir, current), chunk.bytes, offset);
      // a failed write is reported by the next `await inFlight`, not as an unhandled rejection meanwhile
      inFlight.catch(() => undefined);
      offset += chunk.bytes.length;
      const n = (lines[current] = (lines[current] ?? 0) + chunk.lines);
      if (tty && performance.now() - shown > 500) {
        shown = performance.now();
        const pct = estimate.lines[current] > 0 ? Math.min(99, Math.floor((n / estimate.lines[current]) * 100)) : 0;
        process.stderr.write(`\r${escapeControl(current)}: ${n.toLocaleString('en-US')} lines (≈ ${pct} %)\u001b[K`);
      }
    }
    await inFlight;
  } finally {
    await inFlight.catch(() => undefined);
    await handle?.close();
    if (tty && shown > 0) process.stderr.write('\r\u001b[K');
  }
  return lines;
}

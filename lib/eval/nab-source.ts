/**
 * One NAB-style series opened as the workbench's source: the data CSV (`timestamp,value`) and the
 * windows of that one file, from NAB's combined_windows.json (keyed by `<category>/<file>.csv`) or
 * a plain JSON array of [start, end] pairs. Parsing reuses the CLI's (./nab-run.ts), so the page
 * and `harbinger nab` read a file the same way and score it with the same runNab.
 */
import { parseNabTimestamp, type NabWindow } from '../metrics/nab';
import { parseNabCsv, parseNabWindowsJson } from './nab-files';
import { MAX_NAB_WINDOWS } from './nab-samples';
import type { NabDataFile } from './nab-run';
import { rowsOfSpans, type LabelSpan } from '../labels/file';
import type { LabelRow } from '../labels/types';

/** A series' windows as the file gave them, and the NAB key that names the file to the scorer. */
export interface NabWindowsOf {
  /** `<category>/<file>.csv` from a combined windows file; the file's own name for a plain array */
  readonly key: string;
  readonly windows: NabWindow[];
}


const baseName = (name: string) => name.slice(name.lastIndexOf('/') + 1);

/**
 * The windows of the data file `dataName` in the windows file `jsonName`. A combined file is
 * matched by key: the key itself, or a key whose file part is the data file's name (one only).
 */
export function nabWindowsFor(text: string, jsonName: string, dataName: string): NabWindowsOf {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${jsonName}: not JSON (${(e as Error).message})`, { cause: e });
  }
  if (Array.isArray(raw)) {
    const windows = raw.map((w: unknown, k) => {
      if (!Array.isArray(w) || w.length !== 2 || typeof w[0] !== 'string' || typeof w[1] !== 'string') {
        throw new Error(`${jsonName}: window ${k} is not [start, end] (two timestamp strings): ${JSON.stringify(w)}`);
      }
      return { start: stamp(w[0], jsonName, `window ${k}`), end: stamp(w[1], jsonName, `window ${k}`) };
    });
    return { key: baseName(dataName), windows: checkWindows(windows, jsonName, 'the array') };
  }
  const all = parseNabWindowsJson(text, jsonName);
  const wanted = baseName(dataName);
  const keys = [...all.keys()];
  const hits = all.has(dataName) ? [dataName] : keys.filter((k) => baseName(k) === wanted);
  if (hits.length === 0) {
    const some = keys.slice(0, 3).map((k) => JSON.stringify(k)).join(', ');
    throw new Error(`${jsonName}: no windows for ${JSON.stringify(wanted)} (its keys are ${keys.length === 0 ? 'none' : `${some}${keys.length > 3 ? ', …' : ''}`})`);
  }
  if (hits.length > 1) throw new Error(`${jsonName}: ${hits.length} keys end in ${JSON.stringify(wanted)} (${hits.join(', ')}): rename the data file to its full key's category or keep one`);
  const key = hits[0]!;
  return { key, windows: checkWindows(all.get(key)!, jsonName, JSON.stringify(key)) };
}

function stamp(text: string, file: string, where: string): number {
  try {
    return parseNabTimestamp(text);
  } catch (e) {
    throw new Error(`${file}: ${where}: ${(e as Error).message}`, { cause: e });
  }
}

/** NAB's scorer needs windows in order, each ending at or after its start and none overlapping. */
export function checkWindows(windows: NabWindow[], file: string, where: string): NabWindow[] {
  if (windows.length > MAX_NAB_WINDOWS) throw new Error(`${file}: ${where} has ${windows.length} windows, more than ${MAX_NAB_WINDOWS}`);
  windows.forEach((w, k) => {
    if (w.end < w.start) throw new Error(`${file}: ${where}: window ${k} ends before it starts (${iso(w.start)} > ${iso(w.end)})`);
    const prev = windows[k - 1];
    if (prev && w.start <= prev.end) throw new Error(`${file}: ${where}: window ${k} (from ${iso(w.start)}) starts before window ${k - 1} ends (${iso(prev.end)}): windows must be in order and not overlap`);
  });
  return windows;
}

/** The series and its windows as runNab takes them; windows outside the series are named. */
export function nabSeries(csvText: string, csvName: string, key: string, windows: readonly NabWindow[]): NabDataFile {
  const { timestamps, values } = parseNabCsv(csvText, csvName);
  if (values.length === 0) throw new Error(`${csvName}: no data rows after the header`);
  let first = Infinity;
  let last = -Infinity;
  for (const t of timestamps) {
    if (t < first) first = t;
    if (t > last) last = t;
  }
  windows.forEach((w, k) => {
    if (w.end < first || w.start > last) throw new Error(`${csvName}: window ${k} (${iso(w.start)} – ${iso(w.end)}) lies outside the series (${iso(first)} – ${iso(last)})`);
  });
  return { name: key, timestamps, values, windows };
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** NAB's windows as the workbench's labels (one failure phase each), so the ordinary metrics score against them too. */
export function nabLabelSpans(windows: readonly NabWindow[]): LabelSpan[] {
  // NAB's window ends are inclusive, a label's end is exclusive
  return windows.map((w) => ({ start: w.start, end: w.end + 1, kind: NAB_WINDOW_KIND, phase: 'failure' }));
}

/** The label rows of a NAB series' windows: what the engine's labels table and the spec's labels hold for it. */
export function nabLabelRows(windows: readonly NabWindow[]): LabelRow[] {
  return rowsOfSpans(nabLabelSpans(windows));
}

/** The kind of every label made from a NAB window. */
const NAB_WINDOW_KIND = 'nab-window';

/**
 * NAB's data and windows files, read the same way by `harbinger nab` and by the page (which must
 * not load the detectors to read them: this file imports nothing heavy).
 */
import { parseNabTimestamp, type NabWindow } from '../metrics/nab';

/** A NAB data CSV (`timestamp,value` header). `name` only labels errors. */
export function parseNabCsv(text: string, name: string): { timestamps: number[]; values: number[] } {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').trim().toLowerCase();
  if (header !== 'timestamp,value') throw new Error(`${name}: expected header "timestamp,value", got ${JSON.stringify(lines[0])}`);
  const timestamps: number[] = [];
  const values: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const [ts, v, extra] = line.split(',');
    const value = Number(v);
    if (v === undefined || extra !== undefined || v.trim() === '' || !Number.isFinite(value)) {
      throw new Error(`${name}: line ${i + 1}: expected "timestamp,value", got ${JSON.stringify(line)}`);
    }
    timestamps.push(parseNabTimestamp(ts!));
    values.push(value);
  }
  return { timestamps, values };
}

/** NAB's combined_windows.json: file → [[start, end], …]. */
export function parseNabWindowsJson(text: string, name: string): Map<string, NabWindow[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${name}: not JSON (${(e as Error).message})`, { cause: e });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${name}: expected an object of file → windows`);
  const out = new Map<string, NabWindow[]>();
  for (const [file, ws] of Object.entries(raw)) {
    if (!Array.isArray(ws)) throw new Error(`${name}: windows of ${file} are not an array`);
    out.set(
      file,
      ws.map((w: unknown, k) => {
        if (!Array.isArray(w) || w.length !== 2 || typeof w[0] !== 'string' || typeof w[1] !== 'string') {
          throw new Error(`${name}: window ${k} of ${file} is not [start, end]: ${JSON.stringify(w)}`);
        }
        return { start: parseNabTimestamp(w[0]), end: parseNabTimestamp(w[1]) };
      }),
    );
  }
  return out;
}

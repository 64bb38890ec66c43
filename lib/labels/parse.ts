/**
 * Labels files: CSV `start,end,kind[,phase]` (ISO-8601; `start_ts,end_ts` headers accepted too; phase
 * defaults to failure) — the simulator's labels.csv — or NAB's windows JSON
 * (`{"dir/file.csv": [["YYYY-MM-DD HH:MM:SS.ffffff", "…"], …]}`). A precursor row followed by a
 * failure row of the same kind starting where it ends is one incident; every other row its own.
 */
import type { LabelPhase, LabelRow } from './types';

export function parseTime(text: string, where: string): number {
  const t = text.trim();
  const iso = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(t) ? t.replace(' ', 'T') : null;
  const ms = iso ? Date.parse(/Z|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}Z`) : NaN;
  if (!Number.isFinite(ms)) throw new Error(`${where}: not an ISO-8601 time: "${t}"`);
  return ms;
}

export function parseLabelsCsv(text: string, name = 'labels'): LabelRow[] {
  const lines = text.split(/\r?\n/);
  const header = lines[0]?.split(',').map((h) => h.trim().toLowerCase()) ?? [];
  const col = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const [s, e, k, p] = [col('start', 'start_ts'), col('end', 'end_ts'), col('kind'), col('phase')];
  if (s < 0 || e < 0) throw new Error(`${name} line 1: expected a header with start,end[,kind][,phase] (or start_ts,end_ts), got "${lines[0] ?? ''}"`);
  const rows: LabelRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const f = lines[i].split(',');
    const where = `${name} line ${i + 1}`;
    const phase = (p >= 0 ? f[p]?.trim() : 'failure') || 'failure';
    if (phase !== 'failure' && phase !== 'precursor') throw new Error(`${where}: phase must be precursor or failure, not "${phase}"`);
    const start = parseTime(f[s] ?? '', where);
    const end = parseTime(f[e] ?? '', where);
    if (end < start) throw new Error(`${where}: end is before start`);
    rows.push({ incidentId: '', kind: (k >= 0 ? f[k]?.trim() : '') || 'incident', phase: phase as LabelPhase, start, end, target: null });
  }
  return assignIncidents(rows);
}

/** Numbers incidents in row order: a precursor followed by the failure of the same kind where it ends is one. */
export function assignIncidents(rows: LabelRow[]): LabelRow[] {
  let n = 0;
  return rows.map((r, i) => {
    const prev = rows[i - 1];
    const joins = r.phase === 'failure' && prev?.phase === 'precursor' && prev.kind === r.kind && prev.end === r.start;
    if (!joins) n++;
    return { ...r, incidentId: `inc-${String(n).padStart(2, '0')}` };
  });
}

/** NAB windows for one data file (the key whose file name matches, or the only key). */
export function parseNabWindows(text: string, dataFile: string, name = 'labels'): LabelRow[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`${name}: not JSON (${(e as Error).message})`, { cause: e });
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error(`${name}: expected an object of file → windows`);
  const entries = Object.entries(doc as Record<string, unknown>);
  const base = dataFile.split(/[\\/]/).pop() ?? dataFile;
  const hit = entries.find(([key]) => key.split('/').pop() === base) ?? (entries.length === 1 ? entries[0] : undefined);
  if (!hit) throw new Error(`${name}: no windows for ${base}`);
  const windows = hit[1];
  if (!Array.isArray(windows)) throw new Error(`${name}: windows of ${hit[0]} are not a list`);
  return assignIncidents(
    windows.map((w, i) => {
      if (!Array.isArray(w) || w.length !== 2) throw new Error(`${name}: window ${i} of ${hit[0]} is not a [start, end] pair`);
      return { incidentId: '', kind: 'nab-window', phase: 'failure' as const, start: parseTime(String(w[0]), `${name} ${hit[0]}[${i}]`), end: parseTime(String(w[1]), `${name} ${hit[0]}[${i}]`), target: null };
    }),
  );
}

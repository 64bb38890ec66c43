/** Adding and removing SQL cells in the spec. */
import type { SqlCellSpec } from '../spec/schema';

/** The spec holds at most this many SQL cells. */
export const MAX_SQL_CELLS = 20;

/** What a new cell starts with: runs on every log with requests and shows the chart's use at once. */
export const DEFAULT_QUERY = 'SELECT status, count(*) AS n FROM requests GROUP BY status ORDER BY n DESC';

/**
 * An id no cell in `cells` has: `q` + one more than the largest `q<n>` id, so an id is not reused
 * right after its cell was removed (the smallest free `q<n>` when that would not fit 12 characters).
 */
export function freshId(cells: readonly Pick<SqlCellSpec, 'id'>[]): string {
  const taken = new Set(cells.map((c) => c.id));
  let max = 0;
  for (const id of taken) {
    const m = /^q(\d{1,11})$/.exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  const next = `q${max + 1}`;
  if (next.length <= 12) return next;
  for (let n = 1; ; n++) if (!taken.has(`q${n}`)) return `q${n}`;
}

export function addCell(cells: readonly SqlCellSpec[], query = DEFAULT_QUERY): SqlCellSpec[] {
  if (cells.length >= MAX_SQL_CELLS) throw new Error(`at most ${MAX_SQL_CELLS} SQL cells`);
  return [...cells, { id: freshId(cells), query, chart: { mark: 'none', x: null, y: null, color: null } }];
}

export function removeCell(cells: readonly SqlCellSpec[], id: string): SqlCellSpec[] {
  return cells.filter((c) => c.id !== id);
}

export function updateCell(cells: readonly SqlCellSpec[], id: string, patch: Partial<Omit<SqlCellSpec, 'id'>>): SqlCellSpec[] {
  return cells.map((c) => (c.id === id ? { ...c, ...patch } : c));
}

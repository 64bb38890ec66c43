import { describe, expect, it } from 'vitest';
import { specSchema } from '../spec/schema';
import { defaultSpec } from '../spec/defaults';
import { MAX_SQL_CELLS, addCell, freshId, removeCell, updateCell } from './cells';

describe('SQL cells in the spec', () => {
  it('gives new cells fresh ids the schema accepts', () => {
    let cells = addCell([]);
    cells = addCell(cells);
    expect(cells.map((c) => c.id)).toEqual(['q1', 'q2']);
    const spec = { ...defaultSpec(), sql: cells };
    expect(specSchema.safeParse(spec).success).toBe(true);
  });

  it('does not reuse the id of the last removed cell', () => {
    const cells = removeCell(addCell(addCell([])), 'q2');
    expect(freshId(cells)).toBe('q2');
    expect(freshId([{ id: 'q7' }, { id: 'abc' }])).toBe('q8');
    expect(freshId(removeCell(addCell(addCell([])), 'q1'))).toBe('q3');
  });

  it('falls back to the smallest free id when the next would be too long', () => {
    expect(freshId([{ id: 'q99999999999' }, { id: 'q1' }])).toBe('q2');
  });

  it('stops at the schema’s maximum', () => {
    let cells = addCell([]);
    while (cells.length < MAX_SQL_CELLS) cells = addCell(cells);
    expect(() => addCell(cells)).toThrow(/at most 20/);
    expect(new Set(cells.map((c) => c.id)).size).toBe(MAX_SQL_CELLS);
  });

  it('updates one cell only', () => {
    const cells = addCell(addCell([]));
    const next = updateCell(cells, 'q2', { query: 'SELECT 2' });
    expect(next.map((c) => c.query)).toEqual([cells[0]!.query, 'SELECT 2']);
    expect(next[0]).toBe(cells[0]);
  });
});

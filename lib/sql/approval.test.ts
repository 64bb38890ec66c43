import { describe, expect, it, vi } from 'vitest';
import { createQueryApprovals, parseStoredApprovals, pendingCells } from './approval';

const cell = (id: string, query: string) => ({ id, query, chart: { mark: 'none' as const, x: null, y: null, color: null } });

describe('query approvals', () => {
  it('holds only the texts approved, exactly', () => {
    const a = createQueryApprovals();
    expect(a.isApproved('SELECT 1')).toBe(false);
    a.approve(['SELECT 1']);
    expect(a.isApproved('SELECT 1')).toBe(true);
    expect(a.isApproved('SELECT 1 ')).toBe(false);
    expect(a.isApproved('select 1')).toBe(false);
  });

  it('tells listeners once per change, not for texts already approved', () => {
    const a = createQueryApprovals();
    const l = vi.fn();
    const off = a.subscribe(l);
    const v0 = a.version();
    a.approve(['a', 'b']);
    expect(l).toHaveBeenCalledTimes(1);
    expect(a.version()).not.toBe(v0);
    const v1 = a.version();
    a.approve(['b', 'a']);
    expect(l).toHaveBeenCalledTimes(1);
    expect(a.version()).toBe(v1);
    off();
    a.approve(['c']);
    expect(l).toHaveBeenCalledTimes(1);
  });

  it('forgets the least recently approved text past its cap', () => {
    const a = createQueryApprovals(2);
    a.approve(['a', 'b']);
    a.approve(['a']);
    a.approve(['c']);
    expect(['a', 'b', 'c'].map((t) => a.isApproved(t))).toEqual([true, false, true]);
    expect(() => createQueryApprovals(0)).toThrow('invalid approval cap: 0');
  });

  it('lists the cells whose query is waiting, in order', () => {
    const a = createQueryApprovals();
    a.approve(['SELECT 2']);
    const cells = [cell('q1', 'SELECT 1'), cell('q2', 'SELECT 2'), cell('q3', 'DELETE FROM labels')];
    expect(pendingCells(cells, a).map((c) => c.id)).toEqual(['q1', 'q3']);
    a.approve(pendingCells(cells, a).map((c) => c.query));
    expect(pendingCells(cells, a)).toEqual([]);
  });

  it('starts from texts approved before a reload, keeping the most recent within its cap', () => {
    const a = createQueryApprovals(2, ['a', 'b', 'c']);
    expect(a.texts()).toEqual(['b', 'c']);
    a.approve(['b']);
    expect(a.texts()).toEqual(['c', 'b']);
  });

  it('reads stored approvals only from a JSON array of strings', () => {
    expect(parseStoredApprovals(JSON.stringify(['SELECT 1', 'SELECT 2']))).toEqual(['SELECT 1', 'SELECT 2']);
    for (const bad of [null, '', 'not json', '{"a":1}', '[1, "SELECT 1"]', 'null']) expect(parseStoredApprovals(bad), String(bad)).toEqual([]);
  });
});

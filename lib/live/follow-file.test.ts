import { describe, expect, it } from 'vitest';
import { GrowingFile, type FileView } from './follow-file';
import type { LineIssueOut } from '../cli/line-feed';

const enc = new TextEncoder();
const line = (min: number, status = 200) => `10.0.0.${min % 7} - - [05/Jan/2026:10:${String(min).padStart(2, '0')}:00 +0000] "GET /p/${min} HTTP/1.1" ${status} 512 "-" "curl/8" 0.004\n`;

/** A file in memory that the test appends to, truncates or replaces. */
function memFile(name = 'access.log') {
  let bytes = new Uint8Array(0);
  const view = (): FileView => {
    const snap = bytes;
    return { name, size: snap.length, read: async (from, to) => snap.slice(from, to) };
  };
  return {
    view,
    append(text: string) {
      const add = enc.encode(text);
      const next = new Uint8Array(bytes.length + add.length);
      next.set(bytes);
      next.set(add, bytes.length);
      bytes = next;
    },
    set(text: string) {
      bytes = enc.encode(text);
    },
  };
}

const rows = (batches: { length: number }[]) => batches.reduce((n, b) => n + b.length, 0);

describe('GrowingFile', () => {
  it('reads only what was added, holding a partial last line until its end arrives', async () => {
    const f = memFile();
    const g = new GrowingFile('access.log', { format: 'combined' }, () => undefined);
    f.append(line(0) + line(1));
    let look = await g.look(f.view());
    expect(look.change).toEqual({ kind: 'grown', bytes: (line(0) + line(1)).length });
    expect(rows(look.batches)).toBe(2);
    // half a line: nothing parsed yet
    const third = line(2);
    f.append(third.slice(0, 30));
    look = await g.look(f.view());
    expect(rows(look.batches)).toBe(0);
    f.append(third.slice(30) + line(3));
    look = await g.look(f.view());
    expect(rows(look.batches)).toBe(2);
    const ts = look.batches.flatMap((b) => Array.from(b.ts));
    expect(ts).toEqual([Date.UTC(2026, 0, 5, 10, 2), Date.UTC(2026, 0, 5, 10, 3)]);
    expect((await g.look(f.view())).change).toEqual({ kind: 'same' });
    expect(g.counts).toMatchObject({ lines: 4, parsed: 4 });
  });

  it('says when the file was truncated or replaced, and reads it again from its start', async () => {
    const f = memFile();
    const g = new GrowingFile('access.log', { format: 'combined' }, () => undefined);
    f.append(line(0) + line(1) + line(2));
    await g.look(f.view());
    f.set(line(5));
    let look = await g.look(f.view());
    expect(look.change).toEqual({ kind: 'truncated', was: (line(0) + line(1) + line(2)).length, now: line(5).length });
    expect(look.batches.flatMap((b) => Array.from(b.ts))).toEqual([Date.UTC(2026, 0, 5, 10, 5)]);
    // rotated: a new file, longer than what was read, starting with other lines
    f.set(line(30) + line(31) + line(32));
    look = await g.look(f.view());
    expect(look.change).toEqual({ kind: 'replaced' });
    expect(rows(look.batches)).toBe(3);
  });

  it('names a rejected line with its file, number and reason', async () => {
    const f = memFile();
    const issues: LineIssueOut[] = [];
    const g = new GrowingFile('access.log', { format: 'combined' }, (_, i) => issues.push(i));
    f.append(line(0) + 'not a log line\n' + line(1));
    const look = await g.look(f.view());
    expect(rows(look.batches)).toBe(2);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: 'access.log', line: 2 });
    expect(g.counts).toMatchObject({ lines: 3, parsed: 2, rejected: 1 });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Follower, type FollowOptions } from './follow';

let dir: string;
let file: string;
let notices: string[];
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'harbinger-follow-'));
  file = path.join(dir, 'app.log');
  notices = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const follower = (o: Partial<FollowOptions> = {}) => new Follower(file, { fromStart: true, notice: (m) => notices.push(m), ...o });

/** Every line the follower hands out until it has nothing new, with its line number. */
function drain(f: Follower): string[] {
  const out: string[] = [];
  for (let c = f.poll(), guard = 0; guard < 100; c = f.poll(), guard++) {
    if (c === null) {
      // a rotation is noticed at EOF and hands out the old file's last line on the next poll
      const again = f.poll();
      if (again === null) break;
      c = again;
    }
    c.lines.forEach((l, k) => out.push(`${c!.firstLine + k}:${l}`));
  }
  return out;
}

describe('Follower', () => {
  it('holds a partial line until its newline, strips CR', () => {
    writeFileSync(file, 'a\r\nb\nhalf');
    const f = follower();
    expect(drain(f)).toEqual(['1:a', '2:b']);
    expect(f.position().offset).toBe(5);
    appendFileSync(file, '-done\nc\n');
    expect(drain(f)).toEqual(['3:half-done', '4:c']);
    expect(f.position()).toMatchObject({ offset: 17, line: 4 });
  });

  it('starts at the end of an existing file unless asked to read from the start', () => {
    writeFileSync(file, 'old\n');
    const f = follower({ fromStart: false });
    expect(drain(f)).toEqual([]);
    appendFileSync(file, 'new\n');
    expect(drain(f)).toEqual(['1:new']);
  });

  it('waits for a file that does not exist yet, then reads all of it', () => {
    const f = follower({ fromStart: false });
    expect(f.poll()).toBeNull();
    expect(notices[0]).toMatch(/does not exist \(yet\)/);
    writeFileSync(file, 'first\n');
    expect(drain(f)).toEqual(['1:first']);
    expect(notices[1]).toMatch(/appeared/);
  });

  it('reads a rotated file to its end (last line without newline included), then the new file from its start', () => {
    writeFileSync(file, 'one\n');
    const f = follower();
    expect(drain(f)).toEqual(['1:one']);
    renameSync(file, `${file}.1`);
    appendFileSync(`${file}.1`, 'two\nlast-unterminated');
    writeFileSync(file, 'new-1\n');
    expect(drain(f)).toEqual(['2:two', '3:last-unterminated', '1:new-1']);
    expect(notices.some((n) => n.includes('rotated'))).toBe(true);
  });

  it('starts over when the file is truncated, and says so', () => {
    writeFileSync(file, 'aaaa\nbbbb\n');
    const f = follower();
    expect(drain(f)).toEqual(['1:aaaa', '2:bbbb']);
    truncateSync(file, 0);
    expect(f.poll()).toBeNull();
    expect(notices.some((n) => n.includes('truncated'))).toBe(true);
    writeFileSync(file, 'x\n');
    expect(drain(f)).toEqual(['1:x']);
  });

  it('waits again when the file is removed, and reads its successor from the start', () => {
    writeFileSync(file, 'a\n');
    const f = follower();
    expect(drain(f)).toEqual(['1:a']);
    unlinkSync(file);
    expect(drain(f)).toEqual([]);
    writeFileSync(file, 'b\n');
    expect(drain(f)).toEqual(['1:b']);
  });

  it('reports an over-long line by number and length and keeps the lines around it', () => {
    writeFileSync(file, `ok\n${'x'.repeat(100)}\nfine\n`);
    const f = follower({ maxLineBytes: 50 });
    const c = f.poll()!;
    expect(c.lines).toEqual(['ok', '', 'fine']);
    expect(c.long).toEqual([{ index: 1, bytes: 100 }]);
  });

  it('resumes at a saved offset of the same file, and from the start of a different one', () => {
    writeFileSync(file, 'a\nb\n');
    const f = follower();
    drain(f);
    const saved = f.position();
    f.close();
    appendFileSync(file, 'c\n');
    const g = follower({ resume: saved });
    expect(drain(g)).toEqual(['3:c']);
    g.close();
    unlinkSync(file);
    writeFileSync(file, 'other\n');
    const h = follower({ resume: saved });
    expect(drain(h)).toEqual(['1:other']);
    expect(notices.some((n) => n.includes('not the file the saved state was for'))).toBe(true);
  });
});

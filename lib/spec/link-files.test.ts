import { describe, expect, it } from 'vitest';
import { linkMismatch } from './link-files';

const a = { name: 'access.log', size: 2_500_000, sha256: 'a'.repeat(64) };
const b = { name: 'auth.log', size: 1200, sha256: 'b'.repeat(64) };

describe('linkMismatch', () => {
  it('accepts exactly the link’s files, in any order and under any name', () => {
    expect(linkMismatch([a, b], [{ name: 'auth.log', sha256: b.sha256 }, { name: 'renamed.log', sha256: a.sha256 }])).toBeNull();
  });

  it('refuses a changed file, naming it and both hashes', () => {
    const why = linkMismatch([a], [{ name: 'access.log', sha256: 'c'.repeat(64) }]);
    expect(why).toContain('access.log is not the file this link was made from');
    expect(why).toContain('cccccccccccc…');
    expect(why).toContain('aaaaaaaaaaaa…');
    expect(why).toContain('2.5 MB');
  });

  it('refuses a foreign file and names the files the link wants', () => {
    expect(linkMismatch([a, b], [{ name: 'other.log', sha256: 'd'.repeat(64) }])).toContain('other.log is not one of the files this link was made from (access.log, auth.log)');
  });

  it('says which files are still missing', () => {
    expect(linkMismatch([a, b], [{ name: 'access.log', sha256: a.sha256 }])).toContain('still missing: auth.log (1.2 kB, SHA-256 bbbbbbbbbbbb…)');
  });
});

// Hostile links (test/fixtures/hostile/links.json) and links carrying the hostile SQL corpus: a
// broken link says why and opens the default experiment (no SQL at all); a good link's queries
// arrive verbatim and wait for the user's say-so, also after back/forward.
import { describe, expect, it } from 'vitest';
import { createSpecStore, type HashHistory } from '../lib/spec/store';
import { decodeSpec, specToHash } from '../lib/spec/url';
import { createQueryApprovals, pendingCells } from '../lib/sql/approval';
import { corpusSpecs, hostileLinks, hostileQueries } from './support/hostile';

const links = hostileLinks();
const corpus = hostileQueries();

function memoryHistory(initial: string) {
  const entries = [initial];
  let at = 0;
  const listeners = new Set<() => void>();
  const history: HashHistory = {
    read: () => entries[at]!,
    write(hash, mode) {
      if (mode === 'push') entries.splice(++at, entries.length, hash);
      else entries[at] = hash;
    },
    listen(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  const go = (d: number) => {
    at += d;
    listeners.forEach((l) => l());
  };
  return { history, back: () => go(-1), forward: () => go(1) };
}

describe('hostile links', () => {
  for (const link of links) {
    it(`${link.kind}: ${link.name}`, () => {
      const r = decodeSpec(link.hash);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.kind).toBe(link.kind);
      expect(r.error.message).toMatch(/default experiment/);
      // the page then shows the message over the default experiment, which holds no SQL
      const store = createSpecStore(memoryHistory(link.hash).history);
      expect(store.getSnapshot().error?.kind).toBe(link.kind);
      expect(store.getSnapshot().spec.sql).toEqual([]);
    });
  }
});

describe('links carrying the hostile SQL corpus', () => {
  it('carry every query verbatim, NUL and control characters included', () => {
    const specs = corpusSpecs().map((c) => c.spec);
    expect(specs.flatMap((s) => s.sql).length).toBe(corpus.length);
    for (const spec of specs) {
      const r = decodeSpec(specToHash(spec));
      expect(r.ok && r.spec.sql).toEqual(spec.sql);
    }
  });

  it('wait for the user: nothing from a link is approved, what the user runs is, and back/forward brings back only what was approved', () => {
    const spec = corpusSpecs()[0]?.spec;
    const nav = memoryHistory(specToHash(spec!));
    const store = createSpecStore(nav.history);
    store.subscribe(() => undefined);
    const approvals = createQueryApprovals();
    expect(pendingCells(store.getSnapshot().spec.sql, approvals).length).toBe(spec!.sql.length);

    // the user types a query into the first cell and runs it: the UI approves the text, then commits it
    const typed = 'SELECT count(*) AS n FROM labels';
    approvals.approve([typed]);
    store.setSpec((s) => ({ ...s, sql: s.sql.map((c, i) => (i === 0 ? { ...c, query: typed } : c)) }));
    expect(pendingCells(store.getSnapshot().spec.sql, approvals).map((c) => c.query)).toEqual(spec!.sql.slice(1).map((c) => c.query));

    // back to the link's own state: its first query was never approved, so it waits again
    nav.back();
    expect(store.getSnapshot().spec.sql[0]!.query).toBe(spec!.sql[0]!.query);
    expect(pendingCells(store.getSnapshot().spec.sql, approvals).length).toBe(spec!.sql.length);
    nav.forward();
    expect(pendingCells(store.getSnapshot().spec.sql, approvals).length).toBe(spec!.sql.length - 1);

    // "Run them" approves what is pending; then nothing waits, also after back/forward
    approvals.approve(pendingCells(store.getSnapshot().spec.sql, approvals).map((c) => c.query));
    nav.back();
    expect(pendingCells(store.getSnapshot().spec.sql, approvals).map((c) => c.query)).toEqual([spec!.sql[0]!.query]);
  });
});

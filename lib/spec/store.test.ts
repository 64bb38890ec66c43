import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultSpec } from './defaults';
import { REPLACE_INTERVAL_MS, createSpecStore } from './store';
import type { HashHistory } from './store';
import { specToHash } from './url';

/** An in-memory session history: entries, a cursor, and the writes made to it. */
function fakeHistory(initial = '') {
  const entries = [initial];
  let at = 0;
  const writes: { hash: string; mode: 'push' | 'replace' }[] = [];
  const listeners = new Set<() => void>();
  const navigate = (to: number) => {
    at = to;
    listeners.forEach((l) => l());
  };
  const history: HashHistory = {
    read: () => entries[at]!,
    write(hash, mode) {
      writes.push({ hash, mode });
      if (mode === 'push') entries.splice(++at, entries.length, hash);
      else entries[at] = hash;
    },
    listen(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return {
    history,
    entries,
    writes,
    listeners,
    back: () => navigate(at - 1),
    forward: () => navigate(at + 1),
    edit: (hash: string) => {
      entries.splice(++at, entries.length, hash);
      listeners.forEach((l) => l());
    },
  };
}

const named = (name: string) => ({ ...defaultSpec(), name });

describe('createSpecStore', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows the defaults without an error when the hash is empty', () => {
    const store = createSpecStore(fakeHistory().history);
    expect(store.getSnapshot()).toEqual({ spec: defaultSpec(), error: null, warnings: [] });
  });

  it('keeps the identity of every part a change did not touch (memos downstream stay valid)', () => {
    const h = fakeHistory();
    const store = createSpecStore(h.history);
    const before = store.getSnapshot().spec;
    expect(store.setSpec((s) => ({ ...s, name: 'typing…' }), { replace: true })).toBeNull();
    const after = store.getSnapshot().spec;
    expect(after.name).toBe('typing…');
    expect(after.explore).toBe(before.explore);
    expect(after.models).toBe(before.models);
    expect(after.source).toBe(before.source);
    // also when the hash is read back (Back / Forward / a pasted link)
    h.edit(specToHash({ ...after, seed: 9 }));
    const read = store.getSnapshot().spec;
    expect(read.seed).toBe(9);
    expect(read.models).toBe(before.models);
  });

  it('reads the spec from the hash and returns the same snapshot until it changes', () => {
    const store = createSpecStore(fakeHistory(specToHash(named('from link'))).history);
    const a = store.getSnapshot();
    expect(a.spec.name).toBe('from link');
    expect(store.getSnapshot()).toBe(a);
  });

  it('keeps a bad link’s error until dismissed, showing the defaults', () => {
    const h = fakeHistory('#s=1.garbage!');
    const store = createSpecStore(h.history);
    const listener = vi.fn();
    store.subscribe(listener);
    expect(store.getSnapshot().spec).toEqual(defaultSpec());
    expect(store.getSnapshot().error?.kind).toBe('tampered');
    store.dismissError();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getSnapshot().error).toBeNull();
    expect(h.entries).toEqual(['#s=1.garbage!']); // the link itself is left alone
  });

  it('setSpec pushes an entry, notifies, and back/forward restore', () => {
    const h = fakeHistory();
    const store = createSpecStore(h.history);
    const listener = vi.fn();
    store.subscribe(listener);
    expect(store.setSpec(named('one'))).toBeNull();
    expect(store.setSpec((prev) => ({ ...prev, seed: 7 }))).toBeNull();
    expect(listener).toHaveBeenCalledTimes(2);
    expect(h.entries).toEqual(['', specToHash(named('one')), specToHash({ ...named('one'), seed: 7 })]);
    expect(store.getSnapshot().spec).toEqual({ ...named('one'), seed: 7 });
    h.back();
    expect(store.getSnapshot().spec).toEqual(named('one'));
    h.back();
    expect(store.getSnapshot().spec).toEqual(defaultSpec());
    h.forward();
    expect(store.getSnapshot().spec).toEqual(named('one'));
    expect(listener).toHaveBeenCalledTimes(5);
  });

  it('follows a hash edited in the address bar', () => {
    const h = fakeHistory();
    const store = createSpecStore(h.history);
    store.subscribe(() => {});
    h.edit(specToHash(named('typed')));
    expect(store.getSnapshot().spec.name).toBe('typed');
    h.edit('#s=nonsense');
    expect(store.getSnapshot().error?.kind).toBe('tampered');
  });

  it('writes nothing when the spec does not change', () => {
    const h = fakeHistory();
    const store = createSpecStore(h.history);
    expect(store.setSpec(defaultSpec())).toBeNull();
    expect(store.setSpec((prev) => ({ ...prev }))).toBeNull();
    expect(h.writes).toEqual([]);
  });

  it('refuses an invalid spec, naming the path, and keeps the old one', () => {
    const h = fakeHistory();
    const store = createSpecStore(h.history);
    const before = store.getSnapshot();
    const err = store.setSpec((prev) => ({ ...prev, explore: { ...prev.explore, topN: 1000 } }));
    expect(err).toMatchObject({ kind: 'invalid', message: expect.stringContaining('explore.topN') });
    expect(store.getSnapshot()).toBe(before);
    expect(h.writes).toEqual([]);
  });

  it('hands out frozen specs', () => {
    const store = createSpecStore(fakeHistory().history);
    const spec = store.getSnapshot().spec;
    expect(() => {
      spec.explore.bruteForce.threshold = 3;
    }).toThrow(TypeError);
  });

  it('coalesces replace writes during a drag but shows every step at once', () => {
    const h = fakeHistory();
    const store = createSpecStore(h.history);
    store.setSpec(named('drag 0'));
    for (let i = 1; i <= 30; i++) {
      store.setSpec(named(`drag ${i}`), { replace: true });
      expect(store.getSnapshot().spec.name).toBe(`drag ${i}`);
    }
    expect(h.writes).toHaveLength(1); // only the push so far
    vi.advanceTimersByTime(REPLACE_INTERVAL_MS);
    expect(h.writes.map((w) => w.mode)).toEqual(['push', 'replace']);
    expect(h.entries).toEqual(['', specToHash(named('drag 30'))]);
    vi.advanceTimersByTime(REPLACE_INTERVAL_MS * 4);
    expect(h.writes).toHaveLength(2);
  });

  it('writes a replace after the task that asked for it, never in it', () => {
    const h = fakeHistory();
    const store = createSpecStore(h.history);
    store.setSpec(named('slid'), { replace: true });
    expect(store.getSnapshot().spec.name).toBe('slid');
    expect(h.writes).toHaveLength(0);
    vi.advanceTimersByTime(0);
    expect(h.writes).toEqual([{ hash: specToHash(named('slid')), mode: 'replace' }]);
  });

  it('a navigation the store was not told of wins over a held-back replace', () => {
    const h = fakeHistory();
    const store = createSpecStore(h.history);
    store.setSpec(named('slid'), { replace: true });
    h.edit(specToHash(named('pasted')));
    expect(store.getSnapshot().spec.name).toBe('pasted');
    vi.advanceTimersByTime(REPLACE_INTERVAL_MS);
    expect(h.writes).toHaveLength(0);
    expect(store.getSnapshot().spec.name).toBe('pasted');
  });

  it('settles a held-back replace before pushing the next entry', () => {
    const h = fakeHistory();
    const store = createSpecStore(h.history);
    store.setSpec(named('a'));
    store.setSpec(named('a dragged'), { replace: true });
    store.setSpec(named('b'));
    expect(h.entries).toEqual(['', specToHash(named('a dragged')), specToHash(named('b'))]);
  });

  it('drops a held-back replace when the user navigates away', () => {
    const h = fakeHistory();
    const store = createSpecStore(h.history);
    store.subscribe(() => {});
    store.setSpec(named('a'));
    store.setSpec(named('b'));
    store.setSpec(named('b dragged'), { replace: true });
    h.back();
    expect(store.getSnapshot().spec.name).toBe('a');
    vi.advanceTimersByTime(REPLACE_INTERVAL_MS * 2);
    expect(h.entries).toEqual(['', specToHash(named('a')), specToHash(named('b'))]);
    expect(store.getSnapshot().spec.name).toBe('a');
  });

  it('listens to the history only while subscribed', () => {
    const h = fakeHistory();
    const store = createSpecStore(h.history);
    const off1 = store.subscribe(() => {});
    const off2 = store.subscribe(() => {});
    expect(h.listeners.size).toBe(1);
    off1();
    expect(h.listeners.size).toBe(1);
    off2();
    expect(h.listeners.size).toBe(0);
  });
});

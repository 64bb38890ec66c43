/**
 * Which query texts the user has said may run in this tab. A query typed here is approved when the
 * user runs it; a query that arrived in a link (or came back with back/forward to a state not typed
 * here) waits until the user runs it, or runs all of the link's queries at once. Texts are kept,
 * not cells or specs: the spec in the URL stays the only copy of the page's state, and the same
 * text is as safe to run again wherever it shows up.
 */
import type { SqlCellSpec } from '../spec/schema';

/** Oldest approvals are forgotten past this many texts (they then wait for a click again). */
const MAX_APPROVED = 1000;

export interface QueryApprovals {
  isApproved(text: string): boolean;
  /** marks every text as approved by the user */
  approve(texts: Iterable<string>): void;
  subscribe(listener: () => void): () => void;
  /** a number that changes whenever the set does (a snapshot for useSyncExternalStore) */
  version(): number;
  /** the approved texts, least recently approved first */
  texts(): string[];
}

/** `initial`: texts approved earlier (e.g. before a reload of this tab), least recent first. */
export function createQueryApprovals(max = MAX_APPROVED, initial: readonly string[] = []): QueryApprovals {
  if (!Number.isInteger(max) || max < 1) throw new Error(`invalid approval cap: ${max}`);
  const approved = new Set<string>(initial.slice(-max));
  const listeners = new Set<() => void>();
  let version = 0;
  return {
    isApproved: (text) => approved.has(text),
    approve(texts) {
      let changed = false;
      for (const t of texts) {
        if (approved.has(t)) {
          // most recently used goes last, so eviction drops what has not been used for longest
          approved.delete(t);
        } else {
          changed = true;
        }
        approved.add(t);
        while (approved.size > max) approved.delete(approved.values().next().value as string);
      }
      if (!changed) return;
      version++;
      listeners.forEach((l) => l());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    version: () => version,
    texts: () => [...approved],
  };
}

/**
 * Texts read back from storage: a JSON array of strings, or nothing. Anything else (a damaged or
 * foreign value) approves nothing.
 */
export function parseStoredApprovals(stored: string | null): string[] {
  if (stored === null) return [];
  try {
    const v: unknown = JSON.parse(stored);
    return Array.isArray(v) && v.every((t) => typeof t === 'string') ? (v as string[]) : [];
  } catch {
    return [];
  }
}

/** Cells whose query the user has not approved in this tab, top to bottom. */
export function pendingCells(cells: readonly SqlCellSpec[], approvals: Pick<QueryApprovals, 'isApproved'>): SqlCellSpec[] {
  return cells.filter((c) => !approvals.isApproved(c.query));
}

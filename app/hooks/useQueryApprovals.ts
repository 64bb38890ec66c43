'use client';
import { useSyncExternalStore } from 'react';
import { createQueryApprovals, parseStoredApprovals, type QueryApprovals } from '@/lib/sql/approval';

/**
 * Kept in this tab's sessionStorage so a reload runs the user's own queries again; a link opened
 * elsewhere starts empty. Only the most recent texts are stored, within the storage quota.
 */
const STORAGE_KEY = 'harbinger.approved-queries';
const STORED_TEXTS = 200;
const STORED_CHARS = 1_000_000;

function read(): string[] {
  try {
    return parseStoredApprovals(window.sessionStorage.getItem(STORAGE_KEY));
  } catch {
    // storage switched off: approvals live in memory only
    return [];
  }
}

function save(texts: string[]): void {
  const kept: string[] = [];
  let chars = 0;
  for (let i = texts.length - 1; i >= 0 && kept.length < STORED_TEXTS; i--) {
    chars += texts[i]!.length;
    if (chars > STORED_CHARS) break;
    kept.unshift(texts[i]!);
  }
  try {
    window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(kept));
  } catch {
    // quota or storage switched off: the approvals still hold in memory
  }
}

// One set per tab; created on the client only (SQL cells render once data is loaded, never on the server).
let approvals: QueryApprovals | null = null;
function store(): QueryApprovals {
  if (approvals === null) {
    const created = createQueryApprovals(undefined, read());
    created.subscribe(() => save(created.texts()));
    approvals = created;
  }
  return approvals;
}
const subscribe = (listener: () => void) => store().subscribe(listener);
const version = () => store().version();
const serverVersion = () => 0;

export interface UseQueryApprovals {
  isApproved: (text: string) => boolean;
  approve: (texts: Iterable<string>) => void;
}

/** The query texts the user approved in this tab; components re-render when the set changes. */
export function useQueryApprovals(): UseQueryApprovals {
  useSyncExternalStore(subscribe, version, serverVersion);
  const s = store();
  return { isApproved: s.isApproved, approve: s.approve };
}

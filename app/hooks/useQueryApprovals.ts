'use client';
import { useSyncExternalStore } from 'react';
import { createQueryApprovals, type QueryApprovals } from '@/lib/sql/approval';

// One set per tab, in memory only: a reload or a link opened here starts with nothing approved.
let approvals: QueryApprovals | null = null;
const store = (): QueryApprovals => (approvals ??= createQueryApprovals());
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

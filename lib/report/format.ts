/** How the Report's sentences write durations, shares, counts and times (UTC). */
import type { Row } from '../db/db';

export function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
}

export function fmtPct(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`;
}

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** `2026-03-02 14:05 UTC` */
export function fmtTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function fmtHour(h: number): string {
  return `${String(h).padStart(2, '0')}:00–${String((h + 1) % 24).padStart(2, '0')}:00 UTC`;
}

export function route(r: string | null): string {
  return r === null ? '(unreadable route)' : r;
}

/** A finite number from a query cell, else null. */
export const finiteOrNull = (v: Row[string] | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

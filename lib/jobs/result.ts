/**
 * Results that cross postMessage are plain data, never `instanceof` checks on errors
 * (structured clone loses prototypes).
 */
/** `timeout`: stopped at its time limit (supervisor.ts); `engine`: the worker failed, crashed or was restarted */
export type EngineErrorKind = 'cancelled' | 'timeout' | 'input' | 'sql' | 'engine';

export interface EngineError {
  kind: EngineErrorKind;
  message: string;
}

export type EngineResult<T> = { ok: true; value: T } | { ok: false; error: EngineError };

export function isAbort(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError';
}

export function messageOf(e: unknown): string {
  if (typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string') {
    return (e as { message: string }).message;
  }
  return String(e);
}

/** Runs `fn` and turns any throw into a plain `{ok:false}` value of the given kind. */
export async function capture<T>(kind: EngineErrorKind, fn: () => Promise<T>): Promise<EngineResult<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (isAbort(e)) return { ok: false, error: { kind: 'cancelled', message: 'Cancelled' } };
    return { ok: false, error: { kind, message: messageOf(e) } };
  }
}

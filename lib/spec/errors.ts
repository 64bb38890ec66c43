import type { z } from 'zod';

/**
 * Why a link could not be turned into a spec. Plain data so it can cross postMessage and be shown
 * as is; `message` is a sentence for the user.
 */
export interface SpecError {
  kind: SpecErrorKind;
  message: string;
}
export type SpecErrorKind = 'invalid' | 'tampered' | 'oversized' | 'newer-version' | 'empty';

/** Appended to every link error: the page keeps working with the defaults. */
export const FALLBACK_NOTE = 'Showing the default experiment instead.';

const MAX_LISTED_ISSUES = 3;
const MAX_SHOWN_INPUT = 40;

/** `source.files[2].sha256` style path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function shownInput(input: unknown): string {
  if (typeof input === 'string') {
    const s = JSON.stringify(input);
    return s.length > MAX_SHOWN_INPUT ? `${s.slice(0, MAX_SHOWN_INPUT - 4)}…"` : s;
  }
  if (typeof input === 'number' || typeof input === 'boolean' || input === null) return String(input);
  return '';
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => `${formatPath([...issue.path, k])}: unknown key`);
  }
  const where = formatPath(issue.path) || '(spec)';
  const got = shownInput(issue.input);
  // A refinement's message may already quote the value.
  const suffix = got !== '' && !issue.message.includes(got) ? ` (got ${got})` : '';
  return [`${where}: ${issue.message}${suffix}`];
}

/** The first few issues, one per clause, each naming its path and, for scalars, the bad value. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  const lines = issues.flatMap(describeIssue);
  const shown = lines.slice(0, MAX_LISTED_ISSUES).join('; ');
  const more = lines.length - MAX_LISTED_ISSUES;
  return more > 0 ? `${shown}; and ${more} more` : shown;
}

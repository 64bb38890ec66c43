/**
 * The scenario schema's building blocks: number, text and list fields whose error messages say
 * what was expected (checkScenario adds the field's path and the value it got), and the patterns
 * names, paths and user agents must match to be written into a log line safely.
 */
import { z } from 'zod';

export function num(min: number, max: number) {
  return z
    .number({ error: 'expected a number' })
    .min(min, { error: `expected ${min} to ${max}` })
    .max(max, { error: `expected ${min} to ${max}` });
}

export function int(min: number, max: number) {
  return z
    .number({ error: 'expected a number' })
    .int({ error: 'expected an integer' })
    .min(min, { error: `expected ${min} to ${max}` })
    .max(max, { error: `expected ${min} to ${max}` });
}

export const bool = () => z.boolean({ error: 'expected true or false' });

/** The text sink writes strings byte per char, and nginx escapes anything else anyway. */
function printableAscii(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 32 || c > 126) return false;
  }
  return true;
}

/** Text written inside a log field: no spaces (in tokens), quotes, backslashes or control characters. */
export function text(re: RegExp, what: string) {
  const error = `expected ${what}, in printable ASCII`;
  return z.string({ error }).refine((v) => re.test(v) && printableAscii(v), { error });
}

export function list<T extends z.ZodType>(item: T, min: number, max: number) {
  const error = `expected ${min} to ${max} entries`;
  return z.array(item, { error: 'expected an array' }).min(min, { error }).max(max, { error });
}

/** A plain object with only these keys (a typo in hand-written JSON is an error, not a silent default). */
export function obj<S extends z.ZodRawShape>(shape: S) {
  const keys = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown field${iss.keys.length > 1 ? 's' : ''}; expected only ${keys}` : 'expected an object'),
  });
}

export const TOKEN = /^[A-Za-z0-9._:-]{1,64}$/;
export const PATH = /^\/[^\s"\\#]{0,300}$/;
export const QUERY = /^[^\s"\\#?]{1,300}$/;
export const UA = /^[^"\\]{1,500}$/;
export const USER = /^[a-z_][a-z0-9_.-]{0,31}$/;
/** Latest epoch ms accepted: 9999-12-31T23:59:59Z. */
export const LAST_MS = 253_402_300_799_000;

/**
 * Text repeated on many lines (addresses, user agents, methods, referrers) carried with its
 * ASCII bytes, made once: the text sink copies the bytes instead of encoding or looking up a
 * string per line (a Map lookup per field cost ≈ 15 % of the text path).
 */

export interface Token {
  readonly text: string;
  readonly bytes: Uint8Array;
}

/** Bytes of an ASCII string (validate.ts keeps the scenario's strings ASCII). */
export function ascii(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

export function token(text: string): Token {
  return { text, bytes: ascii(text) };
}

/** One token per distinct string; for text met while generating (attackers, scanners). */
export class Tokens {
  private readonly map = new Map<string, Token>();

  get(text: string): Token {
    let t = this.map.get(text);
    if (t === undefined) {
      t = token(text);
      this.map.set(text, t);
    }
    return t;
  }
}

/**
 * A request target in pieces, so the text sink copies bytes instead of building a string: the
 * literal parts around numeric ids (`/api/users/` 42 `/orders`), then an optional query.
 */
export interface Target {
  /** ids.length + 1 pieces */
  readonly pieces: readonly Token[];
  readonly ids: number[];
  query: Token | null;
}

export function targetText(t: Target): string {
  let s = t.pieces[0].text;
  for (let i = 0; i < t.ids.length; i++) s += t.ids[i] + t.pieces[i + 1].text;
  return t.query === null ? s : `${s}?${t.query.text}`;
}

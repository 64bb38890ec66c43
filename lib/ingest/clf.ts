/**
 * Common Log Format timestamps, `[dd/Mon/yyyy:HH:MM:SS[.fff] ±hhmm]`: parsing one, and finding
 * one where it should not be (the start of a second record glued onto a line).
 */
import { digitsAt, fractionLength, fractionMs, monthAt, utcMs } from './time';

const SPACE = 32;

/** Timestamp for `[dd/Mon/yyyy:HH:MM:SS[.fff] ±hhmm]` starting at the `[` at s[i]; NaN if malformed. */
export function parseClfTime(s: string, i: number, close: number): number {
  if (s.charCodeAt(i + 3) !== 47 || s.charCodeAt(i + 7) !== 47 || s.charCodeAt(i + 12) !== 58) return NaN;
  if (s.charCodeAt(i + 15) !== 58 || s.charCodeAt(i + 18) !== 58) return NaN;
  const d = digitsAt(s, i + 1, 2);
  const mo = monthAt(s, i + 4);
  const y = digitsAt(s, i + 8, 4);
  const h = digitsAt(s, i + 13, 2);
  const mi = digitsAt(s, i + 16, 2);
  const sec = digitsAt(s, i + 19, 2);
  if (d < 0 || mo === 0 || y < 0 || h < 0 || mi < 0 || sec < 0) return NaN;
  let j = i + 21;
  let ms = 0;
  if (s.charCodeAt(j) !== SPACE) {
    const fl = fractionLength(s, j, close);
    if (fl <= 0) return NaN;
    ms = fractionMs(s, j, fl);
    j += fl;
  }
  if (s.charCodeAt(j) !== SPACE || j + 6 !== close) return NaN;
  j++;
  const sign = s.charCodeAt(j);
  const oh = digitsAt(s, j + 1, 2);
  const om = digitsAt(s, j + 3, 2);
  if ((sign !== 43 && sign !== 45) || oh < 0 || om < 0 || om > 59) return NaN;
  const offMs = (oh * 60 + om) * 60_000;
  return utcMs(y, mo, d, h, mi, sec, ms) - (sign === 45 ? -offMs : offMs);
}

/** Whether s[b] is the `[` of a `[dd/Mon/yyyy:` timestamp. */
function clfTimeAt(s: string, b: number): boolean {
  return (
    s.charCodeAt(b + 3) === 47 &&
    s.charCodeAt(b + 7) === 47 &&
    s.charCodeAt(b + 12) === 58 &&
    digitsAt(s, b + 1, 2) >= 0 &&
    monthAt(s, b + 4) !== 0 &&
    digitsAt(s, b + 8, 4) >= 0
  );
}

/**
 * Start of a second record glued onto this one, searched from `from`: a CLF timestamp, backed up
 * over the three fields before it (`%h %l %u`). -1 when there is none.
 */
export function gluedRecordAt(s: string, from: number): number {
  for (let b = s.indexOf('[', from); b >= 0; b = s.indexOf('[', b + 1)) {
    if (!clfTimeAt(s, b)) continue;
    let p = b;
    for (let t = 0; t < 3 && p > from; t++) {
      while (p > from && s.charCodeAt(p - 1) === SPACE) p--;
      while (p > from && s.charCodeAt(p - 1) !== SPACE) p--;
    }
    return p;
  }
  return -1;
}

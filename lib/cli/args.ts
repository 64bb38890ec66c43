import { ENSEMBLE } from '../eval/evaluate';
import { DETECTOR_NAMES } from '../eval/registry';

/** A `--seed` value: an unsigned 32-bit integer; returns an error message instead when it is not. */
export function parseSeed(text: string): number | { error: string } {
  const seed = Number(text);
  return Number.isInteger(seed) && seed >= 0 && seed <= 0xffff_ffff ? seed : { error: `invalid --seed "${text}"` };
}

/** A `--detectors a,b` list of registered detectors (and `ensemble`); an error message naming the unknown ones otherwise. */
export function parseDetectors(text: string): string[] | { error: string } {
  const detectors = text.split(',').map((d) => d.trim()).filter(Boolean);
  const unknown = detectors.filter((d) => d !== ENSEMBLE && !(DETECTOR_NAMES as string[]).includes(d));
  if (unknown.length > 0 || detectors.length === 0) {
    return { error: `unknown detector(s): ${unknown.join(', ') || '(none given)'} (known: ${[...DETECTOR_NAMES, ENSEMBLE].join(', ')})` };
  }
  return detectors;
}

import { ENSEMBLE } from '../eval/evaluate';
import { DETECTOR_NAMES } from '../eval/registry';
import { POST_KINDS, postDefaults, type PostKind, type PostOptions } from '../detectors/postprocess';
import { errLine } from './terminal';

/** A `--seed` value: an unsigned 32-bit integer; returns an error message instead when it is not. */
export function parseSeed(text: string): number | { error: string } {
  const seed = Number(text);
  return Number.isInteger(seed) && seed >= 0 && seed <= 0xffff_ffff ? seed : { error: `invalid --seed "${text}"` };
}

/** A `--detectors a,b` list of registered detectors (and `ensemble`); an error message naming the unknown ones otherwise. */
export function parseDetectors(text: string): string[] | { error: string } {
  const detectors = text.split(',').map((d) => d.trim()).filter(Boolean);
  const unknown = detectors.filter((d) => d !== ENSEMBLE && !(DETECTOR_NAMES as readonly string[]).includes(d));
  if (unknown.length > 0 || detectors.length === 0) {
    return { error: `unknown detector(s): ${unknown.join(', ') || '(none given)'} (known: ${[...DETECTOR_NAMES, ENSEMBLE].join(', ')})` };
  }
  return detectors;
}

/**
 * Selects the tfjs backend for the AutoEncoder: wasm by default, the same backend and .wasm build
 * the browser's model worker uses, so both train identical models for a seed; cpu on request or
 * when wasm cannot start (the backend actually used is returned). Only the AutoEncoder needs it.
 */
async function selectCliBackend(text: string): Promise<'cpu' | 'wasm' | { error: string }> {
  if (text !== 'wasm' && text !== 'cpu') return { error: `invalid --tf-backend "${text}" (wasm or cpu)` };
  const [{ selectBackend }, { createRequire }, path] = await Promise.all([import('../detectors/tf'), import('node:module'), import('node:path')]);
  const dist = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
  return selectBackend(text, dist + path.sep);
}

/**
 * For commands that may train the AutoEncoder: selects the tfjs backend asked for when the
 * AutoEncoder is among `detectors` (loading tfjs only then), notes a fallback on stderr, and
 * returns an error message for an invalid `--tf-backend`, else null.
 */
export async function prepareTfBackend(detectors: readonly string[], requested: string): Promise<string | null> {
  if (!detectors.includes('autoencoder')) return null;
  const backend = await selectCliBackend(requested);
  if (typeof backend !== 'string') return backend.error;
  if (backend !== requested) errLine('harbinger', `tfjs ${requested} backend unavailable, using ${backend}`);
  return null;
}

/** A `--post` value: how raw detector scores are post-processed (see lib/detectors/postprocess.ts). */
export function parsePost(text: string): PostOptions | { error: string } {
  if (!(POST_KINDS as readonly string[]).includes(text)) return { error: `invalid --post "${text}" (${POST_KINDS.join(', ')})` };
  return { ...postDefaults, kind: text as PostKind };
}

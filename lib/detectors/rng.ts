/**
 * Seeded streams for detectors. Alea, like simulator/rng: pure double arithmetic, so the same seed
 * gives the same model in Node, in a worker and in the CLI. One named stream per detector keeps
 * detectors independent of each other's draws.
 */
import type { Rng } from '../util/rng';
import seedrandom from 'seedrandom';

export function detectorRng(seed: number, name: string): Rng {
  if (!Number.isFinite(seed)) throw new Error(`invalid seed: ${seed}`);
  return seedrandom.alea(`${seed}:detector:${name}`);
}

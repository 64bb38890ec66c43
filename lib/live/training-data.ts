/**
 * Which data a bundle was trained on, as a SHA-256 that identifies it without holding it:
 * - simulated data: the hash of the scenario (it holds the seed; the same scenario regenerates
 *   byte-identical logs), so two bundles from one link agree;
 * - files (uploads, the CLI's logs): the hash of the files' own SHA-256s with their names and sizes;
 * - a shipped sample: the hash of its id (the file ships with this version of Harbinger).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Json } from '../util/json';
import { assertNever } from '../util/assert-never';
import type { ExperimentSpec } from '../spec/schema';

export interface HashedFile {
  name: string;
  size: number;
  sha256: string;
}

export type TrainingData =
  | { kind: 'simulator'; preset: string; scenario: Json }
  | { kind: 'files'; files: readonly HashedFile[] }
  | { kind: 'sample'; id: string }
  | { kind: 'nab'; key: string; file: HashedFile | null; sample: string | null };

const hex = (text: string) => bytesToHex(sha256(utf8ToBytes(text)));
const fileLine = (f: HashedFile) => `${f.sha256}  ${f.size}  ${f.name}`;

export function trainingData(d: TrainingData): { kind: TrainingData['kind']; sha256: string; what: string } {
  switch (d.kind) {
    case 'simulator': {
      const seed = (d.scenario as { seed?: Json } | null)?.seed;
      return { kind: d.kind, sha256: hex(JSON.stringify(d.scenario)), what: `simulated ${d.preset} scenario (seed ${String(seed)}): SHA-256 of the scenario JSON` };
    }
    case 'files': {
      const lines = d.files.map(fileLine).sort();
      return { kind: d.kind, sha256: hex(lines.join('\n')), what: `SHA-256 of the sorted lines "sha256  size  name" of ${d.files.length} file(s): ${lines.join('; ').slice(0, 1500)}` };
    }
    case 'sample':
      return { kind: d.kind, sha256: hex(`sample:${d.id}`), what: `the shipped sample ${d.id}: SHA-256 of "sample:${d.id}"` };
    case 'nab':
      return d.file
        ? { kind: d.kind, sha256: hex(fileLine(d.file)), what: `NAB series ${d.key}: SHA-256 of the line ${fileLine(d.file)}` }
        : { kind: d.kind, sha256: hex(`nab:${d.sample}`), what: `the shipped NAB sample ${d.sample}: SHA-256 of "nab:${d.sample}"` };
    default:
      return assertNever(d);
  }
}

/** The training data a spec names (the browser: uploads carry their files' hashes already). */
export function trainingDataOfSpec(spec: ExperimentSpec): TrainingData {
  const s = spec.source;
  switch (s.kind) {
    case 'simulator':
      return { kind: 'simulator', preset: s.preset, scenario: s.scenario as unknown as Json };
    case 'upload':
      return { kind: 'files', files: s.files };
    case 'sample':
      return { kind: 'sample', id: s.id };
    case 'nab':
      return { kind: 'nab', key: s.key, file: s.series.kind === 'upload' ? s.series.file : null, sample: s.series.kind === 'sample' ? s.series.id : null };
    default:
      return assertNever(s);
  }
}

/** The parse settings a spec names, as the bundle holds them. */
export function parseOfSpec(spec: ExperimentSpec): { format: string; latencyUnit: string; year: number | null } {
  const s = spec.source;
  return s.kind === 'upload' ? { format: s.parse.format, latencyUnit: s.parse.latencyUnit, year: s.parse.year ?? null } : { format: 'auto', latencyUnit: 'auto', year: null };
}

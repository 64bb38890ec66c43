/**
 * Upgrades a decoded link written by an older Harbinger to the current spec version, one version
 * at a time. A step sees the document as the link held it: keys equal to that version's defaults
 * are absent, so a step that changes a default must write the old default when the key is missing.
 */
import { SPEC_VERSION } from './schema';

export type SpecDocument = Record<string, unknown>;

export interface Migration {
  /** the version this step reads; it produces `from + 1` */
  from: number;
  up(doc: SpecDocument): { doc: SpecDocument; warnings?: string[] };
}

/**
 * v1 is the first version, so there is nothing to upgrade yet. The step to v2 will be
 * `{ from: 1, up: (doc) => ... }`.
 */
export const MIGRATIONS: readonly Migration[] = [];

export type MigrateResult =
  | { ok: true; doc: SpecDocument; warnings: string[] }
  | { ok: false; message: string };

/** Runs the steps from `doc.v` up to `target`; `doc.v` must already be a whole number ≤ target. */
export function migrate(
  doc: SpecDocument,
  from: number,
  migrations: readonly Migration[] = MIGRATIONS,
  target: number = SPEC_VERSION,
): MigrateResult {
  let current = doc;
  const warnings: string[] = [];
  for (let v = from; v < target; v++) {
    const step = migrations.find((m) => m.from === v);
    if (step === undefined) {
      return { ok: false, message: `spec version ${from} is not one this page can read (no upgrade from version ${v})` };
    }
    const next = step.up(current);
    // The runner owns `v` so a step cannot forget to bump it.
    current = { ...next.doc, v: v + 1 };
    warnings.push(...(next.warnings ?? []));
  }
  if (from < target) {
    warnings.unshift(`This link was made by an older Harbinger (spec version ${from}) and was upgraded to version ${target}.`);
  }
  return { ok: true, doc: current, warnings };
}

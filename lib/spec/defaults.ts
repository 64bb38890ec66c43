import { SPEC_VERSION, specSchema } from './schema';
import type { ExperimentSpec } from './schema';

/** A fresh default spec; the defaults themselves live in the schema, next to each field. */
export function defaultSpec(): ExperimentSpec {
  return specSchema.parse({ v: SPEC_VERSION });
}

// The default experiment (the web shop the page opens with) simulated into `db` and trained as the
// page trains it, for the live-mode benchmarks that start from a trained run.
import type { Db } from '../lib/db/db';
import { createSchema, metricNames, readLabels } from '../lib/db/schema';
import { simulateInto } from '../lib/jobs/simulate';
import { defaultSpec } from '../lib/spec/defaults';
import { parseWindow } from '../lib/spec/schema';
import { evalConfigOf } from '../lib/eval/from-spec';
import { fitSpanOf, loadFeaturesChecked } from '../lib/eval/frame';
import { evaluateFrame } from '../lib/eval/evaluate';
import { defaultFeatures } from '../lib/features/catalogue';

export async function trainDefault(db: Db) {
  const spec = defaultSpec();
  if (spec.source.kind !== 'simulator') throw new Error('the default experiment is not simulated any more');
  await createSchema(db);
  await simulateInto(db, spec.source.scenario);
  const windowSec = parseWindow(spec.window);
  const features = defaultFeatures(await metricNames(db));
  const frame = await loadFeaturesChecked(db, windowSec, features, fitSpanOf(spec.models, windowSec));
  const config = evalConfigOf(spec, features);
  const run = await evaluateFrame(frame, config, await readLabels(db));
  return { spec, scenario: spec.source.scenario, windowSec, features, config, frame, run };
}

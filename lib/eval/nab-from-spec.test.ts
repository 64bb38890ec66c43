import { describe, expect, it } from 'vitest';
import { defaultSpec } from '../spec/defaults';
import { nabRunOf, NAB_UNSUPPORTED_NAMES } from './nab-from-spec';
import { NAB_UNSUPPORTED } from './nab-run';
import { parsePost } from '../cli/args';
import { POST_KINDS } from '../detectors/postprocess';

describe('nabRunOf', () => {
  it('lists the same unsupported detectors as runNab', () => {
    expect(NAB_UNSUPPORTED_NAMES).toEqual(NAB_UNSUPPORTED);
  });

  it("runs the spec's detectors less the KNN predictor, saying why, with the spec's seed", () => {
    const plan = nabRunOf({ ...defaultSpec(), seed: 7 });
    expect(plan.detectors).toEqual(['isolation-forest', 'robust-z', 'ewma', 'autoencoder', 'ensemble']);
    expect(plan.skipped.map((s) => s.detector)).toEqual(['knn-prefailure']);
    expect(plan.options.seed).toBe(7);
  });

  it("post-processes as the CLI's --post of the same kind, and passes no hyperparameter the user left at its default", () => {
    for (const kind of POST_KINDS) {
      const spec = defaultSpec();
      spec.models.post.kind = kind;
      const plan = nabRunOf(spec);
      expect(plan.options.post).toEqual(parsePost(kind));
      expect(plan.options.params).toEqual({});
    }
  });

  it('passes the hyperparameters the user changed, and only those', () => {
    const spec = defaultSpec();
    spec.models.params.ewma = { ...spec.models.params.ewma, lambda: 0.42 };
    expect(nabRunOf(spec).options.params).toEqual({ ewma: { lambda: 0.42 } });
  });
});

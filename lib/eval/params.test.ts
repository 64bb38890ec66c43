import { describe, expect, it } from 'vitest';
import * as isolationForest from '../detectors/isolation-forest';
import * as robustZ from '../detectors/robust-z';
import * as mlIforest from '../detectors/ml-iforest';
import * as ewma from '../detectors/ewma';
import * as autoencoder from '../detectors/autoencoder';
import * as knn from '../detectors/knn-prefailure';
import * as conformalKnn from '../detectors/conformal-knn';
import * as spectralResidual from '../detectors/spectral-residual';
import { defaultParams, paramsSchema, PARAM_FIELDS } from './params';

describe('detector params in the spec', () => {
  it('default to exactly what each detector defaults to', () => {
    expect(defaultParams()).toEqual({
      'isolation-forest': isolationForest.defaults,
      'robust-z': robustZ.defaults,
      'ml-isolation-forest': mlIforest.defaults,
      ewma: ewma.defaults,
      autoencoder: autoencoder.defaults,
      'knn-prefailure': knn.defaults,
      'conformal-knn': conformalKnn.defaults,
      'spectral-residual': spectralResidual.defaults,
    });
  });

  it('refuses unknown keys and out-of-range values, naming them', () => {
    const r = paramsSchema.safeParse({ autoencoder: { epochs: 0 }, ewma: { lamda: 0.3 } });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('autoencoder.epochs');
    expect(paths).toContain('ewma');
    expect(paramsSchema.parse({ 'isolation-forest': { trees: 300 } })['isolation-forest']).toEqual({ trees: 300, sampleSize: 256 });
  });

  it('refuses option combinations the streaming detectors cannot run, naming the field', () => {
    const paths = (v: unknown) => (paramsSchema.safeParse(v).error?.issues ?? []).map((i) => i.path.join('.'));
    expect(paths({ 'spectral-residual': { window: 48 } })).toEqual(['spectral-residual.window']);
    expect(paths({ 'spectral-residual': { average: 4 } })).toEqual(['spectral-residual.average']);
    expect(paths({ 'spectral-residual': { window: 32, local: 27 } })).toEqual(['spectral-residual.local']);
    expect(paths({ 'conformal-knn': { k: 30, reference: 20 } })).toEqual(['conformal-knn.k']);
    expect(paths({ 'spectral-residual': { window: 1024, local: 500 }, 'conformal-knn': { reference: 20, k: 20 } })).toEqual([]);
  });

  it('describes every numeric field within its schema range', () => {
    for (const [name, fields] of Object.entries(PARAM_FIELDS)) {
      for (const f of fields) {
        const ok = paramsSchema.safeParse({ [name]: { [f.key]: f.max } });
        const below = paramsSchema.safeParse({ [name]: { [f.key]: f.min - (f.integer ? 1 : 1e-9) } });
        expect(ok.success, `${name}.${f.key} max`).toBe(true);
        expect(below.success, `${name}.${f.key} below min`).toBe(false);
      }
    }
  });
});

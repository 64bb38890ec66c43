import { describe, expect, it } from 'vitest';
import * as isolationForest from '../detectors/isolation-forest';
import * as robustZ from '../detectors/robust-z';
import * as mlIforest from '../detectors/ml-iforest';
import * as ewma from '../detectors/ewma';
import * as autoencoder from '../detectors/autoencoder';
import * as knn from '../detectors/knn-prefailure';
import * as conformalKnn from '../detectors/conformal-knn';
import * as spectralResidual from '../detectors/spectral-residual';
import { DETECTOR_NAMES } from './names';
import { defaultParams, paramChoices, paramFields, paramsSchema } from './params';

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

  it('gives every form field exactly its schema bounds', () => {
    for (const name of DETECTOR_NAMES) {
      for (const f of paramFields(name)) {
        const at = (v: number) => paramsSchema.safeParse({ [name]: { [f.key]: v } }).error?.issues.filter((i) => i.path.join('.') === `${name}.${f.key}`).map((i) => i.code) ?? [];
        // the bounds themselves pass their own checks; just past them fails on the bound
        expect(at(f.min), `${name}.${f.key} min`).not.toContain('too_small');
        expect(at(f.max), `${name}.${f.key} max`).not.toContain('too_big');
        expect(at(f.min - (f.integer ? 1 : 1e-9)), `${name}.${f.key} below min`).toContain('too_small');
        expect(at(f.max + (f.integer ? 1 : 1e-9)), `${name}.${f.key} above max`).toContain('too_big');
        expect(at(f.min + 0.5).includes('invalid_type') || at(f.min + 0.5).includes('invalid_format'), `${name}.${f.key} integer`).toBe(f.integer);
        expect(f.step).toBeGreaterThan(0);
      }
    }
  });

  it('offers each choice with exactly its schema values: EWMA’s centre and the KNN predictor’s neighbour search', () => {
    expect(DETECTOR_NAMES.filter((d) => paramChoices(d).length > 0)).toEqual(['ewma', 'knn-prefailure']);
    expect(paramChoices('knn-prefailure')).toMatchObject([{ key: 'index', label: 'neighbour search', options: ['auto', 'scan', 'kd-tree'] }]);
    expect(paramsSchema.safeParse({ 'knn-prefailure': { index: 'ball-tree' } }).success).toBe(false);
    const [center] = paramChoices('ewma');
    expect(center).toMatchObject({ key: 'center', label: 'centre', options: [...ewma.EWMA_CENTERS] });
    for (const v of center!.options) expect(paramsSchema.safeParse({ ewma: { center: v } }).success).toBe(true);
    expect(paramsSchema.safeParse({ ewma: { center: 'mode' } }).success).toBe(false);
  });

  it('lists the fields the Models cell has always edited, with their words', () => {
    expect(DETECTOR_NAMES.map((d) => [d, paramFields(d).map((f) => f.key)])).toEqual([
      ['isolation-forest', ['trees', 'sampleSize']],
      ['robust-z', ['minScale']],
      ['ml-isolation-forest', ['trees']],
      ['ewma', ['lambda', 'limit', 'minScale']],
      ['autoencoder', ['epochs', 'batchSize', 'learningRate', 'validationFraction', 'patience']],
      ['knn-prefailure', ['neighbours', 'smooth', 'trend', 'persist', 'dims', 'negatives', 'warningsPerDay', 'horizonCapMin']],
      ['conformal-knn', ['pattern', 'k', 'reference', 'calibration']],
      ['spectral-residual', ['window', 'estimated', 'gradient', 'average', 'local']],
    ]);
    expect(paramFields('isolation-forest')[1]).toEqual({ key: 'sampleSize', label: 'ψ (sample size)', help: 'rows per tree; height limit ⌈log2 ψ⌉', min: 2, max: 4096, step: 1, integer: true });
    expect(paramFields('ewma')[0]).toMatchObject({ min: 0.001, max: 1, step: 0.01, integer: false });
  });
});

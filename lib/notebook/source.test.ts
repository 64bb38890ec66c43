import { describe, expect, it } from 'vitest';
import { defaultSpec } from '@/lib/spec/defaults';
import { SAMPLE_IDS, type SpecSource } from '@/lib/spec/schema';
import { NAB_SAMPLE_IDS } from '@/lib/eval/nab-samples';
import { awaitingFiles, forgotten, NO_LOADS, pickedFailed, sourceKey, sourceStep, started, succeeded, uploadKey, type SourceLoads } from './source';

const sim = defaultSpec().source;
if (sim.kind !== 'simulator') throw new Error('the default source is expected to be simulated');
const simB: SpecSource = { ...sim, scenario: { ...sim.scenario, seed: sim.scenario.seed + 1 } };
const sample: SpecSource = { kind: 'sample', id: SAMPLE_IDS[0] };
const sha = (c: string) => c.repeat(64);
const upload: Extract<SpecSource, { kind: 'upload' }> = { kind: 'upload', files: [{ name: 'a.log', size: 10, sha256: sha('a') }], parse: { format: 'auto', latencyUnit: 'auto' } };
const nab: SpecSource = { kind: 'nab', series: { kind: 'sample', id: NAB_SAMPLE_IDS[0] }, key: 'x/y.csv', windows: [] };

const step = (loads: SourceLoads, source: SpecSource, generation = 1, picked = false) => sourceStep(loads, { source, generation, picked });

describe('the source step: which load the engine should do next', () => {
  it('does nothing before the engine is ready', () => {
    expect(step(NO_LOADS, sim, 0)).toEqual({ kind: 'none' });
  });

  it('a new link loads its source: a scenario is simulated, a sample read', () => {
    expect(step(NO_LOADS, sim)).toEqual({ kind: 'simulate', key: sourceKey(sim) });
    expect(step(NO_LOADS, sample)).toEqual({ kind: 'sample', key: sourceKey(sample) });
  });

  it('the same source is not loaded again, while running, or once held (a failed one leaves `last` as it was: not retried by itself)', () => {
    const running = started(NO_LOADS, { key: sourceKey(sim), generation: 1 });
    expect(step(running, sim)).toEqual({ kind: 'none' });
    expect(step(succeeded(running, { key: sourceKey(sim), generation: 1 }), sim)).toEqual({ kind: 'none' });
  });

  it('a newer spec supersedes a running load', () => {
    const running = started(NO_LOADS, { key: sourceKey(sim), generation: 1 });
    expect(step(running, simB)).toEqual({ kind: 'simulate', key: sourceKey(simB) });
    expect(step(running, sample)).toEqual({ kind: 'sample', key: sourceKey(sample) });
  });

  it('a restarted engine gets the same source again', () => {
    const held = succeeded(started(NO_LOADS, { key: sourceKey(sim), generation: 1 }), { key: sourceKey(sim), generation: 1 });
    expect(step(held, sim, 2)).toEqual({ kind: 'simulate', key: sourceKey(sim) });
  });

  it('picked files win over anything, even before the spec names them', () => {
    const running = started(NO_LOADS, { key: sourceKey(sim), generation: 1 });
    expect(step(running, sim, 1, true)).toEqual({ kind: 'upload' });
    // while they are read, the spec they were picked over is not loaded again
    const reading = started(running, { key: 'picked:2', generation: 1 }, sourceKey(sim));
    expect(step(reading, sim)).toEqual({ kind: 'none' });
    // but a spec changed meanwhile is
    expect(step(reading, simB)).toEqual({ kind: 'simulate', key: sourceKey(simB) });
    // read: the spec now names them, and they are held
    const done = succeeded(reading, { key: sourceKey(upload), generation: 1 }, true);
    expect(step(done, upload)).toEqual({ kind: 'none' });
    // back to the simulation the engine no longer holds (history back): it is simulated again
    expect(step(done, sim)).toEqual({ kind: 'simulate', key: sourceKey(sim) });
  });

  it('refused or unreadable picked files put back what the engine holds, or load the spec again when they had superseded it', () => {
    const held = succeeded(NO_LOADS, { key: sourceKey(sim), generation: 1 });
    const picked = { key: 'picked:2', generation: 1 };
    expect(step(pickedFailed(started(held, picked, sourceKey(sim)), picked), sim)).toEqual({ kind: 'none' });
    // the simulation was still running when the files superseded it: it was never held
    const superseded = started(started(NO_LOADS, { key: sourceKey(sim), generation: 1 }), picked, sourceKey(sim));
    expect(step(pickedFailed(superseded, picked), sim)).toEqual({ kind: 'simulate', key: sourceKey(sim) });
    // something newer started meanwhile: the failure changes nothing
    const newer = started(superseded, { key: sourceKey(simB), generation: 1 });
    expect(pickedFailed(newer, picked)).toBe(newer);
  });

  it('an upload link waits for its files, and reads the ones this tab holds into a restarted engine', () => {
    expect(step(NO_LOADS, upload)).toEqual({ kind: 'ask-files' });
    expect(awaitingFiles(NO_LOADS, upload, 0)).toBe(true);
    const held = succeeded(NO_LOADS, { key: sourceKey(upload), generation: 1 }, true);
    expect(awaitingFiles(held, upload, 1)).toBe(false);
    expect(step(held, upload, 2)).toEqual({ kind: 'reload-upload', key: uploadKey([sha('a')]) });
    expect(awaitingFiles(held, upload, 2)).toBe(false);
    expect(step(started(held, { key: sourceKey(upload), generation: 2 }), upload, 2)).toEqual({ kind: 'none' });
    // other files than the tab holds (another link): asked for
    const other = { ...upload, files: [{ ...upload.files[0]!, sha256: sha('b') }] };
    expect(step(held, other, 2)).toEqual({ kind: 'ask-files' });
    // files held without their handles (a link's files read in another binding): not readable again
    const noHandles = succeeded(NO_LOADS, { key: sourceKey(upload), generation: 1 });
    expect(step(noHandles, upload, 2)).toEqual({ kind: 'ask-files' });
  });

  it('a NAB series (loaded by its own binding) makes it forget what it held, once', () => {
    const held = succeeded(NO_LOADS, { key: sourceKey(sim), generation: 1 });
    expect(step(held, nab)).toEqual({ kind: 'forget' });
    expect(step(forgotten(held), nab)).toEqual({ kind: 'none' });
    // back to the same scenario afterwards: simulated again, the series replaced it
    expect(step(forgotten(held), sim)).toEqual({ kind: 'simulate', key: sourceKey(sim) });
  });
});

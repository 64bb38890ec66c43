import { describe, expect, it } from 'vitest';
import { coverage, labelsHow } from './coverage';

describe('coverage', () => {
  it('says what each cell shows without labels and what needs them', () => {
    const e = coverage('evaluate', 'upload');
    expect(e.shows.join(' ')).toMatch(/alarm budget/);
    expect(e.needs.join(' ')).toMatch(/precision, recall/);
    expect(e.needs.join(' ')).toMatch(/lead times/);
    expect(e.needs.join(' ')).toMatch(/event recall/);
    expect(coverage('report', 'upload').shows.join(' ')).toMatch(/alarms a day/);
    expect(coverage('predict', 'upload').needs.join(' ')).toMatch(/probability that a failure is coming/);
  });
  it('points to where labels come from for each source', () => {
    expect(labelsHow('upload')).toMatch(/labels file in the Source cell/);
    expect(labelsHow('sample')).toMatch(/carry no labels/);
    expect(labelsHow('simulator')).toMatch(/Simulate cell/);
  });
});

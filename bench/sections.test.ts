import { describe, expect, it } from 'vitest';
import { sectionKey, spliceSections, splitSections } from './sections';

const doc = '# Benchmarks\n\nDate: x\n\n## Ingestion: 1 M lines\n\nold ingest\n\n## NAB subset (24 files)\n\nold nab\n\n## Detectors\n\nold det\n';

describe('bench sections', () => {
  it('keys a section by the words of its heading before any count or colon', () => {
    expect(sectionKey('## NAB subset (24 files, 49 windows)\n')).toBe('NAB subset');
    expect(sectionKey('## Ingestion: 1,000,000-line log')).toBe('Ingestion');
  });
  it('splits into preamble and sections', () => {
    const s = splitSections(doc);
    expect(s.preamble).toBe('# Benchmarks\n\nDate: x\n');
    expect(s.sections.map(sectionKey)).toEqual(['Ingestion', 'NAB subset', 'Detectors']);
  });
  it('replaces a section in place and appends a new one, keeping the rest', () => {
    const out = spliceSections(doc, ['## NAB subset (25 files)\n\nnew nab\n', '## Predictor\n\nnew\n']);
    expect(out).toContain('new nab');
    expect(out).not.toContain('old nab');
    expect(out).toContain('old ingest');
    expect(splitSections(out).sections.map(sectionKey)).toEqual(['Ingestion', 'NAB subset', 'Detectors', 'Predictor']);
    expect(() => spliceSections(doc, ['no heading'])).toThrow(/must start with/);
  });
});

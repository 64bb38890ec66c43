import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { estimateLines } from './estimate';
import { generate } from './generate';
import { planIncidents } from './plan';
import { SIM_FILES, type Scenario, type SimFile } from './scenario';
import { at, collect, smallScenario } from './testing';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const text = (b: Uint8Array) => new TextDecoder().decode(b);

function hashes(s: Scenario): Record<SimFile, string> {
  const c = collect(s);
  return { 'access.log': sha(c.bytes['access.log']), 'auth.log': sha(c.bytes['auth.log']), 'metrics.csv': sha(c.bytes['metrics.csv']) };
}

/** A run with one incident of every web, auth and metric flavour. */
function busy(): Scenario {
  const s = smallScenario(12, 2);
  s.incidents.placed = [
    { kind: 'latency-ramp', start: at(s, 3), durationMin: 20, precursorMin: 30 },
    { kind: 'traffic-spike', start: at(s, 6), durationMin: 10 },
    { kind: 'ssh-brute-force', start: at(s, 8), durationMin: 20 },
    { kind: 'memory-leak', start: at(s, 11), durationMin: 5, precursorMin: 60 },
  ];
  return s;
}

describe('determinism', () => {
  it('gives byte-identical files for the same scenario', () => {
    const a = hashes(busy());
    expect(hashes(busy())).toEqual(a);
    expect(Object.values(a).every((h) => h.length === 64)).toBe(true);
  });

  it('gives different files for different seeds', () => {
    const a = hashes(busy());
    const s = busy();
    s.seed = 2;
    const b = hashes(s);
    for (const f of SIM_FILES) expect(b[f]).not.toBe(a[f]);
  });

  it('an auth incident leaves access.log and metrics.csv untouched', () => {
    const s = smallScenario(6, 2);
    const before = hashes(s);
    s.incidents.placed = [{ kind: 'ssh-brute-force', start: at(s, 3), durationMin: 20 }];
    const after = hashes(s);
    expect(after['access.log']).toBe(before['access.log']);
    expect(after['metrics.csv']).toBe(before['metrics.csv']);
    expect(after['auth.log']).not.toBe(before['auth.log']);
  });

  it('a web incident changes only the lines inside its window', () => {
    const s = smallScenario(6, 2);
    const plain = text(collect(s, { files: ['access.log'] }).bytes['access.log']).split('\n');
    s.incidents.placed = [{ kind: 'error-burst', start: at(s, 3), durationMin: 15 }];
    const [inc] = planIncidents(s);
    const hit = text(collect(s, { files: ['access.log'] }).bytes['access.log']).split('\n');
    expect(hit.length).toBe(plain.length);
    const inside = (line: string) => {
      const m = /\[04\/Mar\/2024:(\d\d):(\d\d):(\d\d)/.exec(line);
      if (m === null) return false;
      const sec = s.start / 1000 + Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
      return sec >= inc.precursorStart && sec < inc.end;
    };
    let changed = 0;
    for (let i = 0; i < plain.length; i++) {
      if (plain[i] !== hit[i]) {
        changed++;
        expect(inside(plain[i])).toBe(true);
      }
    }
    expect(changed).toBeGreaterThan(50);
  });
});

describe('chunking', () => {
  it('never exceeds chunkLines, ends chunks on whole lines, and joins to the same bytes', () => {
    const s = busy();
    const whole = collect(s);
    let chunks = 0;
    const parts: Record<SimFile, number> = { 'access.log': 0, 'auth.log': 0, 'metrics.csv': 0 };
    for (const c of generate(s, { chunkLines: 777 })) {
      chunks++;
      expect(c.lines).toBeGreaterThan(0);
      expect(c.lines).toBeLessThanOrEqual(777);
      expect(c.bytes[c.bytes.length - 1]).toBe(10);
      expect(c.bytes.filter((x) => x === 10).length).toBe(c.lines);
      parts[c.file] += c.bytes.length;
    }
    expect(chunks).toBeGreaterThan(whole.chunks);
    for (const f of SIM_FILES) expect(parts[f]).toBe(whole.bytes[f].length);
    const small = collect(s, { chunkLines: 777 });
    for (const f of SIM_FILES) expect(sha(small.bytes[f])).toBe(sha(whole.bytes[f]));
  });

  it('writes files in order, each only when asked', () => {
    const s = smallScenario(1, 1);
    const files = [...generate(s, { chunkLines: 50 })].map((c) => c.file);
    expect(files.indexOf('auth.log')).toBeGreaterThan(files.lastIndexOf('access.log'));
    expect(files.indexOf('metrics.csv')).toBeGreaterThan(files.lastIndexOf('auth.log'));
    expect(new Set([...generate(s, { files: ['metrics.csv'] })].map((c) => c.file))).toEqual(new Set(['metrics.csv']));
    s.outputs.access = false;
    expect([...generate(s)].some((c) => c.file === 'access.log')).toBe(false);
  });

  it('rejects a bad chunk size and unknown files', () => {
    expect(() => [...generate(smallScenario(1, 1), { chunkLines: 0 })]).toThrow('invalid chunkLines: 0');
    expect(() => [...generate(smallScenario(1, 1), { files: ['x.log' as SimFile] })]).toThrow('invalid file: x.log');
  });
});

describe('estimateLines', () => {
  it('lands within a few percent of a real run', () => {
    const s = busy();
    s.days = 1;
    s.incidents.placed.push({ kind: 'ssh-brute-force', start: at(s, 20), durationMin: 30 });
    const real = collect(s).lines;
    const est = estimateLines(s);
    for (const f of SIM_FILES) {
      expect(est[f]).toBeGreaterThan(real[f] * 0.9);
      expect(est[f]).toBeLessThan(real[f] * 1.1);
    }
    s.outputs.auth = false;
    expect(estimateLines(s)['auth.log']).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { ChunkWriter } from './text';

describe('ChunkWriter', () => {
  it('keeps every line intact when the buffer grows mid-chunk', () => {
    const w = new ChunkWriter('auth.log', 1_000_000);
    const line = 'x'.repeat(200);
    // 1 MiB initial buffer: 20,000 lines of 201 bytes force several doublings
    for (let i = 0; i < 20_000; i++) w.line(`${i} ${line}`);
    w.seal();
    const text = new TextDecoder().decode(w.ready[0].bytes);
    expect(text.includes('\u0000')).toBe(false);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(20_000);
    expect(lines.every((l, i) => l === `${i} ${line}`)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { RequestBuilder } from './batch';
import { createJsonlParser, jsonTime } from './jsonl';
import type { RequestBatch } from './types';

describe('jsonl', () => {
  it('reads timestamps of every style', () => {
    expect(jsonTime(1700000000)).toBe(1700000000000);
    expect(jsonTime(1700000000123)).toBe(1700000000123);
    expect(jsonTime('2023-11-14T22:13:20.5-01:00')).toBe(Date.UTC(2023, 10, 14, 23, 13, 20, 500));
    expect(jsonTime('14/Nov/2023:22:13:20 +0100')).toBe(Date.UTC(2023, 10, 14, 21, 13, 20));
    expect(jsonTime(true)).toBe('bad timestamp true');
    expect(jsonTime('')).toBe('bad timestamp ""');
  });

  it('maps request fields one level down and keeps the first match', () => {
    const sink = new RequestBuilder('t', 10);
    const p = createJsonlParser(sink);
    const line = JSON.stringify({
      '@timestamp': '2024-01-01T00:00:00Z',
      source: { ip: '10.0.0.9' },
      http: { request: { method: 'IGNORED' }, method: 'DELETE', status_code: '404', bytes: 12 },
      url: { path: '/api/things/5' },
      user_agent: { original: 'nested too deep' },
      request_time: 0.0015,
    });
    expect(p.parse(line)).toBe(true);
    sink.seal();
    const b = sink.ready[0] as RequestBatch;
    expect([b.ip[0], b.method[0], b.path[0], b.route[0], b.status[0], b.bytes[0], b.latency_ms[0], b.user_agent[0]]).toEqual([
      '10.0.0.9',
      'DELETE',
      '/api/things/5',
      '/api/things/:id',
      404,
      12,
      1.5,
      null,
    ]);
  });
});

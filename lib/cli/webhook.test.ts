import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { LiveEvent } from '../live/contract';
import { WebhookQueue } from './webhook';

const event = (k: number): LiveEvent => ({
  ts: `2026-03-01T10:0${k}:00.000Z`, kind: 'alarm', detector: 'ewma', score: 3 + k, threshold: 2.5,
  top_features: [{ feature: 'rate_5xx', value: 0.4, contribution: 2 }], window_start: '2026-03-01T10:00:00.000Z', window_end: `2026-03-01T10:0${k}:00.000Z`,
});

let server: Server | null = null;
afterEach(() => {
  server?.close();
  server = null;
});

/** A receiver answering each POST after `delayMs` with `status(n)` (n counts POSTs from 1). */
async function receiver(delayMs: number, status: (n: number) => number): Promise<{ url: string; bodies: { text: string; score: number }[] }> {
  const bodies: { text: string; score: number }[] = [];
  let n = 0;
  server = createServer((req, res) => {
    let b = '';
    req.on('data', (d: Buffer) => (b += d.toString()));
    req.on('end', () => {
      const code = status(++n);
      if (code === 200) bodies.push(JSON.parse(b));
      setTimeout(() => res.writeHead(code).end(), delayMs);
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, bodies };
}

describe('WebhookQueue', () => {
  it('retries a failed POST with backoff and sends events in order', async () => {
    const { url, bodies } = await receiver(0, (n) => (n <= 2 ? 503 : 200));
    const q = new WebhookQueue(url, { baseDelayMs: 10, notice: () => {} });
    q.push(event(1));
    q.push(event(2));
    expect(await q.flush(5000)).toBe(0);
    expect(bodies.map((b) => b.score)).toEqual([4, 5]);
    expect(bodies[0].text).toBe('Harbinger alarm: ewma score 4 ≥ 2.5 (window 2026-03-01T10:00:00.000Z – 2026-03-01T10:01:00.000Z); top features: rate_5xx=0.4');
    expect(q.sent).toBe(2);
  });

  it('drops the oldest event when the queue is full and says so, without waiting for the receiver', async () => {
    const { url } = await receiver(300, () => 200);
    const notices: string[] = [];
    const q = new WebhookQueue(url, { maxQueue: 2, notice: (m) => notices.push(m) });
    const t = performance.now();
    for (let k = 1; k <= 5; k++) q.push(event(k));
    expect(performance.now() - t).toBeLessThan(100);
    expect(q.dropped).toBe(3);
    expect(notices.at(-1)).toMatch(/queue full \(2 events\), dropped the oldest; 3 dropped so far/);
    await q.flush(3000);
  });

  it('gives up after its tries and says which event', async () => {
    const { url } = await receiver(0, () => 500);
    const notices: string[] = [];
    const q = new WebhookQueue(url, { maxTries: 3, baseDelayMs: 5, notice: (m) => notices.push(m) });
    q.push(event(1));
    await q.flush(3000);
    expect(q.failed).toBe(1);
    expect(notices[0]).toMatch(/gave up on an event after 3 tries \(HTTP 500\): alarm ewma/);
  });

  it('refuses a URL that is not http(s)', () => {
    expect(() => new WebhookQueue('file:///etc/passwd', { notice: () => {} })).toThrow(/http or https only/);
  });
});

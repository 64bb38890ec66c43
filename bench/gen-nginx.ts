// Deterministic nginx "combined" log with a trailing $request_time, for benchmarks.
// Same seed and line count → byte-identical file. Written in 8 MB pieces (no giant string).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ROUTES = ['/', '/products/{id}', '/api/cart/{id}', '/api/search?q=lamp', '/checkout', '/static/app.{id}.js', '/healthz', '/api/users/{id}/orders'];
const UAS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'curl/8.5.0',
];
const STATUSES = [200, 200, 200, 200, 200, 200, 200, 200, 304, 301, 404, 500, 502, 200, 200, 200];

export async function generateNginx(path: string, lines: number, seed = 1): Promise<void> {
  let s = seed >>> 0;
  const rnd = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = createWriteStream(path);
  let ts = Date.UTC(2026, 0, 1);
  let buf: string[] = [];
  let size = 0;
  const p2 = (n: number) => (n < 10 ? '0' + n : String(n));
  for (let i = 0; i < lines; i++) {
    ts += Math.floor(rnd() * 200);
    const d = new Date(ts);
    const time = `${p2(d.getUTCDate())}/${MON[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
    const ip = `${10 + Math.floor(rnd() * 200)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${1 + Math.floor(rnd() * 254)}`;
    const path = ROUTES[Math.floor(rnd() * ROUTES.length)].replace('{id}', String(Math.floor(rnd() * 100000)));
    const status = STATUSES[Math.floor(rnd() * STATUSES.length)];
    const bytes = status === 304 ? '0' : String(Math.floor(rnd() * 50000));
    const line = `${ip} - - [${time}] "GET ${path} HTTP/1.1" ${status} ${bytes} "https://shop.example/" "${UAS[Math.floor(rnd() * UAS.length)]}" ${(rnd() * 0.5).toFixed(3)}\n`;
    buf.push(line);
    size += line.length;
    if (size > 8 * 1024 * 1024) {
      if (!out.write(buf.join(''))) await once(out, 'drain');
      buf = [];
      size = 0;
    }
  }
  out.end(buf.join(''));
  await once(out, 'finish');
}

// Writes the small sample logs shipped in public/samples/ (deterministic: a fixed-seed PRNG).
// Run: npx tsx scripts/make-samples.ts. Replaced by the simulator's presets once it exists.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

let seed = 20260101;
function rnd(): number {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T,>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');
function clf(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getUTCDate())}/${MON[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

const out = path.resolve(import.meta.dirname, '../public/samples');
mkdirSync(out, { recursive: true });

// --- access.log: two days of a small web shop, a latency ramp into a 5xx failure, one scanner line, one truncated line.
const start = Date.UTC(2026, 0, 5, 0, 0, 0);
const routes = [
  { p: () => '/', w: 30, lat: 0.04 },
  { p: () => `/products/${1 + Math.floor(rnd() * 500)}`, w: 25, lat: 0.06 },
  { p: () => `/api/cart/${1000 + Math.floor(rnd() * 9000)}`, w: 12, lat: 0.08 },
  { p: () => '/api/search?q=' + pick(['shoes', 'lamp', 'desk', 'mug']), w: 10, lat: 0.12 },
  { p: () => '/checkout', w: 5, lat: 0.2 },
  { p: () => '/static/app.js', w: 15, lat: 0.01 },
  { p: () => '/healthz', w: 3, lat: 0.002 },
];
const totalW = routes.reduce((a, r) => a + r.w, 0);
const ips = Array.from({ length: 300 }, () => `${10 + Math.floor(rnd() * 200)}.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}.${1 + Math.floor(rnd() * 254)}`);
const uas = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'curl/8.5.0',
];
const rampStart = start + 35 * 3600_000; // day 2, 11:00: latency creeps up for 40 min, then 5xx for 15 min
const failStart = rampStart + 40 * 60_000;
const failEnd = failStart + 15 * 60_000;
const lines: string[] = [];
for (let t = start; ; ) {
  const hour = new Date(t).getUTCHours();
  const rate = 0.05 + 0.12 * Math.max(0, Math.sin(((hour - 6) / 24) * 2 * Math.PI)); // requests per second, diurnal
  t += Math.max(1, Math.round((-Math.log(1 - rnd()) / rate) * 1000));
  if (t >= start + 2 * 86400_000) break;
  let x = rnd() * totalW;
  const r = routes.find((rt) => (x -= rt.w) < 0) ?? routes[0];
  const p = r.p();
  let lat = r.lat * Math.exp((rnd() - 0.5) * 1.2);
  let status = rnd() < 0.02 ? 404 : rnd() < 0.05 ? 304 : 200;
  if (t >= rampStart && t < failStart && p.startsWith('/api/')) lat *= 1 + (8 * (t - rampStart)) / (failStart - rampStart);
  if (t >= failStart && t < failEnd && (p.startsWith('/api/') || p === '/checkout')) status = rnd() < 0.7 ? 503 : 500;
  const bytes = status === 304 ? '-' : String(200 + Math.floor(rnd() * 20000));
  lines.push(`${pick(ips)} - - [${clf(t)}] "GET ${p} HTTP/1.1" ${status} ${bytes} "-" "${pick(uas)}" ${lat.toFixed(3)}`);
}
lines.splice(1200, 0, `203.0.113.66 - - [${clf(start + 3600_000)}] "GET /<script>alert(1)</script> HTTP/1.1" 404 162 "-" "<script>alert('ua')</script>" 0.001`);
lines.splice(2500, 0, `198.51.100.7 - - [${clf(start + 7200_000)}] "GET /index.php?id=1 HTTP/1.1" 200 5120 "-" "Mozilla/5.0 (trunc`);
writeFileSync(path.join(out, 'access.log'), lines.join('\n') + '\n');

// --- auth.log: a day of sshd with normal logins and a brute force from one IP.
const a: string[] = [];
const aStart = Date.UTC(2026, 2, 3, 0, 0, 0);
function sys(ms: number): string {
  const d = new Date(ms);
  return `${MON[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}
let pid = 4000;
for (let t = aStart; t < aStart + 86400_000; t += Math.round(60_000 + rnd() * 600_000)) {
  const ip = pick(ips.slice(0, 20));
  pid++;
  if (rnd() < 0.8) {
    a.push(`${sys(t)} web-1 sshd[${pid}]: Accepted publickey for deploy from ${ip} port ${30000 + Math.floor(rnd() * 30000)} ssh2: ED25519 SHA256:abc`);
    a.push(`${sys(t + 90_000)} web-1 sshd[${pid}]: Disconnected from user deploy ${ip} port ${30000 + Math.floor(rnd() * 30000)}`);
  } else {
    a.push(`${sys(t)} web-1 sshd[${pid}]: Failed password for deploy from ${ip} port ${30000 + Math.floor(rnd() * 30000)} ssh2`);
  }
}
const attacker = '185.220.101.45';
for (let t = aStart + 14 * 3600_000, i = 0; i < 400; i++, t += 2000 + Math.floor(rnd() * 4000)) {
  const user = pick(['admin', 'root', 'test', 'oracle', 'ubuntu', 'postgres']);
  pid++;
  if (user === 'root') a.push(`${sys(t)} web-1 sshd[${pid}]: Failed password for root from ${attacker} port ${40000 + i} ssh2`);
  else {
    a.push(`${sys(t)} web-1 sshd[${pid}]: Invalid user ${user} from ${attacker} port ${40000 + i}`);
    a.push(`${sys(t)} web-1 sshd[${pid}]: Failed password for invalid user ${user} from ${attacker} port ${40000 + i} ssh2`);
  }
}
a.sort((x, y) => x.localeCompare(y));
writeFileSync(path.join(out, 'auth.log'), a.join('\n') + '\n');

// --- metrics.csv: two hosts, 1-minute CPU/RAM/disk for two days; web-2 leaks memory and restarts.
const m = ['timestamp,host,cpu_pct,ram_pct,disk_pct'];
for (let t = start; t < start + 2 * 86400_000; t += 60_000) {
  const h = new Date(t).getUTCHours();
  for (const host of ['web-1', 'web-2']) {
    const cpu = 20 + 25 * Math.max(0, Math.sin(((h - 6) / 24) * 2 * Math.PI)) + rnd() * 8;
    const k = (t - start) / 60_000;
    const ram = host === 'web-2' ? 35 + ((k % 1800) / 1800) * 60 + rnd() * 2 : 45 + rnd() * 5;
    const disk = 50 + k * 0.004 + rnd() * 0.2;
    m.push(`${new Date(t).toISOString()},${host},${cpu.toFixed(1)},${ram.toFixed(1)},${disk.toFixed(2)}`);
  }
}
writeFileSync(path.join(out, 'metrics.csv'), m.join('\n') + '\n');
console.log(`access.log ${lines.length} lines, auth.log ${a.length} lines, metrics.csv ${m.length - 1} rows`);

/**
 * `harbinger watch` as a real process on real files: appends, a half-written line, rotation by
 * rename (with a last line written to the old file after the rename), truncation, a file that
 * appears late, SIGTERM with state written, resuming without repeating alerts, a webhook that
 * fails once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { openNative } from '../lib/db/native';
import { createSchema } from '../lib/db/schema';
import { fitFeatureState } from '../lib/live/feature-state';

const root = path.resolve(import.meta.dirname, '..');
const T0 = Date.UTC(2026, 2, 1, 10, 0, 0);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A combined-format line at `sec` seconds after T0. */
function line(sec: number, status: number): string {
  const d = new Date(T0 + sec * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  const ts = `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
  return `192.0.2.${1 + (sec % 50)} - - [${ts}] "GET /shop/item/${sec} HTTP/1.1" ${status} 512 "-" "Mozilla/5.0"\n`;
}

/** Ten lines in minute `m` (seconds 1, 6, … 46), all with `status`. */
const minute = (m: number, status: number) => Array.from({ length: 10 }, (_, k) => line(m * 60 + 1 + k * 5, status)).join('');

interface Watch {
  proc: ChildProcess;
  out: () => string;
  errText: () => string;
  events: () => { kind: string; detector: string; window_start: string; top_features: unknown }[];
  until: (what: string, ok: () => boolean, ms?: number) => Promise<void>;
  exited: Promise<number | null>;
}

function watch(args: string[]): Watch {
  const proc = spawn(process.execPath, [path.join(root, 'bin/harbinger.mjs'), 'watch', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  const until = async (what: string, ok: () => boolean, ms = 20_000) => {
    const t = performance.now();
    while (!ok()) {
      if (performance.now() - t > ms) throw new Error(`timed out waiting for ${what}\nstdout:\n${out}\nstderr:\n${err}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const events = () => out.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return { proc, out: () => out, errText: () => err, events, until, exited };
}

const at = (m: number) => new Date(T0 + m * 60_000).toISOString();

describe('harbinger watch (real process, real files)', () => {
  let dir: string;
  let model: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'harbinger-watch-'));
    const db = await openNative();
    await createSchema(db);
    const features = ['requests', 'rate_5xx'];
    const featureState = await fitFeatureState(db, { windowSec: 60, features, fitUntilMs: T0 });
    await db.close();
    model = path.join(dir, 'model.json');
    writeFileSync(model, JSON.stringify({
      format: 'harbinger-watch-stub', version: 1, parse: { format: 'combined' }, windowSec: 60, features, featureState,
      thresholds: [{ feature: 'rate_5xx', above: 0.5 }],
    }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('follows appends, a late file, rotation and truncation; SIGTERM saves state; a resume repeats no alert', async () => {
    const log = path.join(dir, 'access.log');
    const state = path.join(dir, 'state.json');
    const args = ['--model', model, '--grace', '5', '--poll-ms', '20', '--state', state, '--state-every', '1', log];
    const w = watch(args);
    await w.until('the wait notice', () => w.errText().includes('does not exist (yet)'));

    // minute 0 fine, minute 1 all 5xx; the last line arrives in two writes
    const m1 = minute(1, 503);
    writeFileSync(log, minute(0, 200) + m1.slice(0, -30));
    appendFileSync(log, m1.slice(-30) + minute(2, 200));
    await w.until('the alarm on minute 1', () => w.events().some((e) => e.kind === 'alarm' && e.window_start === at(1)));
    appendFileSync(log, line(3 * 60 + 10, 200));
    await w.until('the recovery on minute 2', () => w.events().some((e) => e.kind === 'recovery' && e.window_start === at(2)));

    // rotation: the old file gets one more (5xx) line after the rename, then the new file starts
    renameSync(log, `${log}.1`);
    appendFileSync(`${log}.1`, line(4 * 60 + 1, 500));
    writeFileSync(log, minute(4, 500).split('\n').slice(1).join('\n') + minute(5, 200) + line(6 * 60 + 10, 200));
    await w.until('the alarm on minute 4 (rotated)', () => w.events().some((e) => e.kind === 'alarm' && e.window_start === at(4)));
    await w.until('the recovery on minute 5', () => w.events().some((e) => e.kind === 'recovery' && e.window_start === at(5)));

    // truncation: the file starts over (copytruncate), with minute 7 failing
    truncateSync(log, 0);
    await w.until('the truncation notice', () => w.errText().includes('truncated'));
    writeFileSync(log, minute(7, 502) + line(8 * 60 + 10, 200));
    await w.until('the alarm on minute 7', () => w.events().some((e) => e.kind === 'alarm' && e.window_start === at(7)));

    w.proc.kill('SIGTERM');
    expect(await w.exited).toBe(0);
    expect(w.errText()).toContain('stopped (SIGTERM)');
    expect(existsSync(state)).toBe(true);
    const first = w.events();
    expect(first.map((e) => `${e.kind} ${e.window_start}`)).toEqual([
      `alarm ${at(1)}`, `recovery ${at(2)}`, `alarm ${at(4)}`, `recovery ${at(5)}`, `alarm ${at(7)}`,
    ]);
    expect(first[0]).toMatchObject({ detector: 'rule:rate_5xx', score: 1, threshold: 0.5, ts: at(2), window_end: at(2) });
    expect(first[0].top_features).toEqual([{ feature: 'rate_5xx', value: 1, contribution: 1 }]);

    // resume: the lines already read are not read again (no alert repeats), new lines are scored
    appendFileSync(log, minute(8, 200) + line(9 * 60 + 10, 200));
    const again = watch(args);
    await again.until('the recovery on minute 8', () => again.events().some((e) => e.kind === 'recovery'));
    again.proc.kill('SIGINT');
    expect(await again.exited).toBe(0);
    expect(again.errText()).toContain('resuming from');
    expect(again.events().map((e) => `${e.kind} ${e.window_start}`)).toEqual([`recovery ${at(8)}`]);
    expect(JSON.parse(readFileSync(state, 'utf8')).files[0].offset).toBe(readFileSync(log).length);
  }, 90_000);

  it('prints its usage for --help, and refuses a missing or foreign model naming the file', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/harbinger.mjs'), 'watch', ...args], { cwd: root, encoding: 'utf8' });
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^harbinger watch --model MODEL\.json FILE/);
    expect(run(path.join(dir, 'x.log')).stderr).toContain('no --model given');
    const foreign = path.join(dir, 'foreign.json');
    writeFileSync(foreign, '{"format":"something-else"}');
    const r = run('--model', foreign, path.join(dir, 'x.log'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${foreign}: neither a model bundle`);
    const gz = run('--model', model, path.join(dir, 'old.log.gz'));
    expect(gz.stderr).toContain('a .gz file is a finished rotation, not a live log; skipped');
    expect(gz.status).toBe(2);
  });

  it('posts each event to a webhook, retrying after a 500', async () => {
    const bodies: { text: string; kind: string }[] = [];
    let calls = 0;
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        calls++;
        if (calls === 1) {
          res.writeHead(500).end();
          return;
        }
        bodies.push(JSON.parse(body));
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const log = path.join(dir, 'hook.log');
    writeFileSync(log, minute(0, 200) + minute(1, 500) + line(2 * 60 + 10, 200));
    const w = watch(['--model', model, '--grace', '5', '--poll-ms', '20', '--from-start', '--webhook', `http://127.0.0.1:${port}/hook`, log]);
    try {
      await w.until('the webhook delivery', () => bodies.length > 0);
      expect(calls).toBe(2);
      expect(bodies[0].kind).toBe('alarm');
      expect(bodies[0].text).toMatch(/^Harbinger alarm: rule:rate_5xx score 1 ≥ 0\.5/);
    } finally {
      w.proc.kill('SIGTERM');
      await w.exited;
      server.close();
    }
  }, 60_000);
});

// Issue 13's measurement: our CLI (and, with --browser, the tab) beside GoAccess and lnav on the
// same simulated access log, in the same run. The log is the web-shop preset's access.log (diurnal
// traffic, thousands of client IPs, crawlers, real browser user agents and referrers), cut to N lines.
//   npx tsx bench/ingest-peers.ts [--lines 1000000] [--threads 1,2] [--browser [--settle] [--parse-workers N]] [--runs 2]
// --threads 0 skips the CLI; --settle uploads only once the default experiment has trained (the
// upload then has the tab's engine and the cores to itself); --parse-workers N forces the tab's
// parse worker count (0: the engine parses alone, app/clients/engine.ts).
// Writes bench/out/ingest-peers-<N>.md and prints it.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { browserIngest } from './browser';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'bench/out');
/** web-shop at its default rate writes ≈ 230 k access lines a simulated day */
const LINES_PER_DAY = 230_000;

interface Row { label: string; lines: number; clockMs: number | null; wallMs: number; cpuS: number | null; rssMb: number | null; note: string }

/** Runs a command under /usr/bin/time: stdout, wall ms, CPU seconds (user + system, all threads) and peak RSS. */
function timed(cmd: string, args: string[]): { stdout: string; ms: number; cpuS: number | null; rssMb: number | null } {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '__RSS_KB=%M __CPU=%U+%S', cmd, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const m = /__RSS_KB=(\d+)/.exec(r.stderr ?? '');
  const c = /__CPU=([\d.]+)\+([\d.]+)/.exec(r.stderr ?? '');
  return { stdout: r.stdout, ms, cpuS: c ? Number(c[1]) + Number(c[2]) : null, rssMb: m ? Number(m[1]) / 1024 : null };
}

/** 1-minute load average: on a shared machine, what the wall times were measured under. */
function load(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?';
}

/** The first `lines` lines of `from` into `to`, streamed. */
async function head(from: string, to: string, lines: number): Promise<void> {
  const out = createWriteStream(to);
  let left = lines;
  for await (const chunk of createReadStream(from, { highWaterMark: 8 << 20 }) as AsyncIterable<Buffer>) {
    let cut = chunk.length;
    let at = -1;
    while (left > 0 && (at = chunk.indexOf(10, at + 1)) !== -1) {
      left--;
      if (left === 0) cut = at + 1;
    }
    if (!out.write(chunk.subarray(0, cut))) await once(out, 'drain');
    if (left === 0) break;
  }
  out.end();
  await once(out, 'finish');
  if (left > 0) throw new Error(`${from} has fewer than ${lines} lines`);
}

async function accessLog(lines: number): Promise<string> {
  const file = path.join(outDir, `access-${lines}.log`);
  if (existsSync(file)) return file;
  const sim = path.join(outDir, `sim-${lines}`);
  const days = Math.ceil((lines * 1.05) / LINES_PER_DAY);
  timed('node', ['bin/harbinger.mjs', 'simulate', '--preset', 'web-shop', '--seed', '1', '--days', String(days), '--out', sim, '--force']);
  await head(path.join(sim, 'access.log'), file, lines);
  return file;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      lines: { type: 'string', default: '1000000' },
      threads: { type: 'string', default: '1' },
      runs: { type: 'string', default: '2' },
      browser: { type: 'boolean', default: false },
      settle: { type: 'boolean', default: false },
      'parse-workers': { type: 'string' },
    },
  });
  const lines = Number(values.lines);
  mkdirSync(outDir, { recursive: true });
  const file = await accessLog(lines);
  const mb = statSync(file).size / 1e6;
  const rows: Row[] = [];

  for (const threads of values.threads.split(',').map(Number).filter((t) => t > 0)) {
    for (let i = 0; i < Number(values.runs); i++) {
      const args = ['bin/harbinger.mjs', 'parse', '--json', ...(threads > 1 ? ['--threads', String(threads)] : []), file];
      const r = timed('node', args);
      const j = JSON.parse(r.stdout) as { lines: number; parsed: number; warned: number; rejected: number; skipped: number; elapsed_ms: number };
      if (j.lines !== lines) throw new Error(`CLI read ${j.lines} lines, expected ${lines}`);
      rows.push({
        label: `CLI parse${threads > 1 ? ` --threads ${threads}` : ''} (run ${i + 1})`,
        lines: j.lines,
        clockMs: j.elapsed_ms,
        wallMs: r.ms,
        cpuS: r.cpuS,
        rssMb: r.rssMb,
        note: `${j.parsed} parsed, ${j.warned} warned, ${j.rejected} rejected, ${j.skipped} skipped; load ${load()}`,
      });
    }
  }

  if (values.browser) {
    const forced = values['parse-workers'] === undefined ? undefined : Number(values['parse-workers']);
    const b = await browserIngest(file, lines, values.settle, forced);
    const steps = b.steps === null ? 'one worker (sequential path)' : `engine steps ${JSON.stringify(b.steps, (_, v: unknown) => (typeof v === 'number' ? Math.round(v) : v))}`;
    console.log('renderer CPU s by thread:', JSON.stringify(b.cpuByThread));
    rows.push({ label: `Browser upload (Chromium, production build${values.settle ? ', after the default experiment trained' : ''}${forced === undefined ? '' : `, ${forced} parse workers`})`, lines: b.lines, clockMs: b.elapsedMs, wallMs: b.wallMs, cpuS: b.cpuS, rssMb: b.rendererPeakMb, note: `wall from setInputFiles to the parse report; CPU s = the renderer's (page + workers) over that span; RSS = renderer peak; ${steps}; load ${load()}` });
  }

  const ga = timed('goaccess', [file, '--log-format=COMBINED', '-o', path.join(outDir, 'goaccess-peers.json')]);
  rows.push({ label: 'GoAccess → JSON report', lines, clockMs: null, wallMs: ga.ms, cpuS: ga.cpuS, rssMb: ga.rssMb, note: `--log-format=COMBINED; load ${load()}` });
  const ln = timed('lnav', ['-n', '-c', ';SELECT count(*), sum(sc_bytes), count(DISTINCT c_ip) FROM access_log', '-c', ':write-csv-to -', file]);
  const lnLines = Number(ln.stdout.split('\n')[1]?.split(',')[0]);
  rows.push({ label: 'lnav (headless SQL over every field)', lines: lnLines, clockMs: null, wallMs: ln.ms, cpuS: ln.cpuS, rssMb: ln.rssMb, note: `count, sum(bytes), distinct IPs; load ${load()}` });

  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const gaRate = (lines / ga.ms) * 1000;
  const table = [
    `### ${fmt(lines)} lines (${mb.toFixed(0)} MB, web-shop access.log, seed 1)`,
    '',
    '| run | lines | clock ms | lines/s by clock | wall ms | lines/s wall | × GoAccess wall | CPU s | peak RSS MB | notes |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map((r) => {
      const wallRate = (r.lines / r.wallMs) * 1000;
      return `| ${r.label} | ${fmt(r.lines)} | ${r.clockMs === null ? '–' : fmt(r.clockMs)} | ${r.clockMs === null ? '–' : fmt((r.lines / r.clockMs) * 1000)} | ${fmt(r.wallMs)} | ${fmt(wallRate)} | ${(wallRate / gaRate).toFixed(1)}× | ${r.cpuS === null ? '–' : r.cpuS.toFixed(1)} | ${r.rssMb === null ? '–' : r.rssMb.toFixed(0)} | ${r.note} |`;
    }),
    '',
  ].join('\n');
  writeFileSync(path.join(outDir, `ingest-peers-${lines}.md`), table);
  console.log(table);
}

await main();

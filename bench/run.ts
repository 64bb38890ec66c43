// `npm run bench`: ingestion throughput and memory, ours beside GoAccess in the same run.
// Writes BENCHMARKS.md. Needs a production build (`npx next build`) for the browser part.
import { existsSync, mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { generateNginx } from './gen-nginx';
import { browserIngest } from './browser';
import { duckdbScan } from './duckdb-scan';
import { breakdown } from './breakdown';
import { simulatorSection } from './simulate';
import { qualitySection } from './quality';
import { predictSection } from './predict';
import { nabSection } from './nab';
import { watchSection } from './watch';
import { liveBrowserSection } from './browser-live';
import { iforestSection } from './iforest';
import { detectorsSection } from './detectors';
import { neighboursSection } from './neighbours';
import { measureBrowserModels, renderBrowserModels } from './browser-models';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'bench/out');
mkdirSync(outDir, { recursive: true });
const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const logFile = path.join(outDir, `nginx-${LINES}.log`);
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

interface Run { label: string; lines: number; ms: number; rssMb: number | null; note?: string }

/** Runs a command under /usr/bin/time to get its peak RSS; returns stdout, wall ms and RSS. */
function timed(cmd: string, args: string[]): { stdout: string; ms: number; rssMb: number | null } {
  const t0 = performance.now();
  const r = timeBin
    ? spawnSync(timeBin, ['-f', '__RSS_KB=%M', cmd, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  const m = /__RSS_KB=(\d+)/.exec(r.stderr ?? '');
  return { stdout: r.stdout, ms, rssMb: m ? Number(m[1]) / 1024 : null };
}

function hasGoAccess(): boolean {
  return spawnSync('goaccess', ['--version']).status === 0;
}

async function main() {
  if (!existsSync(logFile)) {
    console.log(`generating ${LINES.toLocaleString()} nginx lines → ${logFile}`);
    await generateNginx(logFile, LINES, 1);
  }
  const bytes = statSync(logFile).size;
  const runs: Run[] = [];

  // (b) CLI on native DuckDB: best of 3 by the command's own elapsed_ms (includes parse + insert + status SQL).
  for (let i = 0; i < 3; i++) {
    const r = timed('node', ['bin/harbinger.mjs', 'parse', '--json', logFile]);
    const j = JSON.parse(r.stdout) as { lines: number; parsed: number; elapsed_ms: number };
    if (j.lines !== LINES) throw new Error(`CLI read ${j.lines} lines, expected ${LINES}`);
    runs.push({ label: `CLI run ${i + 1}`, lines: j.lines, ms: j.elapsed_ms, rssMb: r.rssMb, note: `process wall ${Math.round(r.ms)} ms incl. Node start` });
  }

  const parts = await breakdown(logFile);

  // (a) browser: headless Chromium, real upload path (file input → engine worker → DuckDB-wasm).
  const b = await browserIngest(logFile, LINES);
  runs.push({ label: 'Browser (Chromium, upload)', lines: b.lines, ms: b.elapsedMs, rssMb: b.rendererPeakMb, note: `wall ${Math.round(b.wallMs)} ms from setInputFiles to report` });

  // Reference: DuckDB's own CSV reader on the same file (what the C++ engine alone does here).
  const scan = await duckdbScan(logFile);
  const scanRun: Run = { label: 'Reference: native DuckDB read_csv split on spaces (2 threads)', lines: scan.lines, ms: scan.ms, rssMb: null, note: 'no parsing beyond splitting; not a Harbinger path' };

  // Peer: GoAccess on the same file, same run.
  let goaccess: Run | null = null;
  if (hasGoAccess()) {
    const r = timed('goaccess', [logFile, '--log-format=COMBINED', '-o', path.join(outDir, 'goaccess.json')]);
    goaccess = { label: 'GoAccess 1.x → JSON', lines: LINES, ms: r.ms, rssMb: r.rssMb };
  }

  // Status counts: ours vs GoAccess on the real 10k Apache log, when the shared datasets are beside the repo.
  const apache = path.resolve(root, '../shared/datasets/web_access_logs/elastic_apache_logs/apache_logs');
  let agreement = 'not checked (../shared/datasets or goaccess missing)';
  if (existsSync(apache) && hasGoAccess()) {
    const ours = JSON.parse(timed('node', ['bin/harbinger.mjs', 'parse', '--json', apache]).stdout) as { status_counts: Record<string, number> };
    timed('goaccess', [apache, '--log-format=COMBINED', '-o', path.join(outDir, 'goaccess-apache.json')]);
    const ga = JSON.parse(readFileSync(path.join(outDir, 'goaccess-apache.json'), 'utf8')) as { status_codes: { data: { items: { data: string; hits: { count: number } }[] }[] } };
    const theirs: Record<string, number> = {};
    for (const cls of ga.status_codes.data) for (const it of cls.items) theirs[it.data.slice(0, 3)] = it.hits.count;
    const keys = [...new Set([...Object.keys(ours.status_counts), ...Object.keys(theirs)])].sort();
    const diff = keys.filter((k) => ours.status_counts[k] !== theirs[k]);
    agreement = diff.length === 0 ? `agree exactly (${keys.map((k) => `${k}: ${theirs[k]}`).join(', ')})` : `DIFFER on ${diff.map((k) => `${k}: ours ${ours.status_counts[k] ?? 0} vs GoAccess ${theirs[k] ?? 0}`).join('; ')}`;
  }

  const sim = await simulatorSection(outDir, timed, hasGoAccess());
  const quality = await qualitySection();
  const predict = await predictSection();
  const nab = nabSection(root);
  const iforest = iforestSection();
  const detectors = await detectorsSection();
  const neighbours = await neighboursSection();
  const watch = await watchSection(outDir);
  let browserModels: string;
  try {
    browserModels = renderBrowserModels(await measureBrowserModels());
  } catch (e) {
    browserModels = `## Workbench in the browser\n\nNot measured: ${e instanceof Error ? e.message : String(e)}\n`;
  }
  let liveBrowser: string;
  try {
    liveBrowser = await liveBrowserSection();
  } catch (e) {
    liveBrowser = `## Live mode in the browser: replay speed\n\nNot measured: ${e instanceof Error ? e.message : String(e)}\n`;
  }

  const cliBest = runs.filter((r) => r.label.startsWith('CLI')).sort((a, b2) => a.ms - b2.ms)[0];
  const rate = (r: Run) => (r.lines / r.ms) * 1000;
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const chromium = (() => {
    try {
      return execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return 'Playwright Chromium';
    }
  })();
  const rows = [...runs, scanRun, ...(goaccess ? [goaccess] : [])].map(
    (r) => `| ${r.label} | ${fmt(r.lines)} | ${fmt(r.ms)} | ${fmt(rate(r))} | ${goaccess ? (rate(r) / rate(goaccess)).toFixed(1) + '×' : '–'} | ${r.rssMb === null ? '–' : r.rssMb.toFixed(0)} | ${r.note ?? ''} |`,
  );
  const md = `# Benchmarks

Written by \`npm run bench\` (bench/run.ts). Numbers are from the run below, on this machine; rerun to refresh.

- Date: ${new Date().toISOString()}
- Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}
- Node ${process.version}; ${chromium}

## Ingestion: ${fmt(LINES)}-line nginx combined log (${(bytes / 2 ** 20).toFixed(0)} MB, deterministic, bench/gen-nginx.ts seed 1)

Targets: browser ≥ 1,500,000 lines/s, CLI ≥ 3,000,000 lines/s. Elapsed is the parse report's
elapsed time: read + parse + insert into DuckDB (+ the status-count query for the CLI).
Memory: CLI = process peak RSS; browser = peak RSS of the tab's renderer process (page + engine worker + wasm).

| run | lines | elapsed ms | lines/s | vs GoAccess | peak RSS MB | notes |
|---|---:|---:|---:|---:|---:|---|
${rows.join('\n')}

Best CLI: ${fmt(rate(cliBest))} lines/s. Browser: ${fmt(rate(runs[runs.length - 1]))} lines/s.

## Where the time goes (CLI path, in one Node process)

| step | ms for ${fmt(LINES)} lines | lines/s |
|---|---:|---:|
| read + decode + split + parse (batches discarded) | ${fmt(parts.parseMs)} | ${fmt((LINES / parts.parseMs) * 1000)} |
| the same + append to native DuckDB | ${fmt(parts.totalMs)} | ${fmt((LINES / parts.totalMs) * 1000)} |
| of which inside \`db.insert\` (building data chunks + DuckDB append) | ${fmt(parts.insertMs)} | ${fmt((LINES / parts.insertMs) * 1000)} |

## What limits it

Both targets are missed on this 2-core machine. Per million lines the CLI spends about
${fmt(parts.parseMs)} ms in JavaScript reading, decoding, splitting and parsing (char-code scanning,
route templating, UTC conversion; garbage collection is part of it) and ${fmt(parts.insertMs)} ms handing
the columns to DuckDB (one string copy per cell); the two run one after the other on one thread.
Even DuckDB's own multi-threaded C++ CSV reader, which only splits on spaces, reaches
${fmt((scan.lines / scan.ms) * 1000)} lines/s here, below the CLI target. The browser runs the same parser and a
single-threaded DuckDB-wasm in one worker. Ways forward: parse in a second thread while the first
appends (at best max instead of sum of the two rows above), and dictionary-encode repeated strings.

## Status counts vs GoAccess (elastic apache_logs, 10,000 lines)

${agreement}

${sim}
${quality}
${predict}
${nab}
${iforest}
${detectors}
${neighbours}
${watch}
${browserModels}
${liveBrowser}`;
  writeFileSync(path.join(root, 'BENCHMARKS.md'), md);
  console.log(md);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

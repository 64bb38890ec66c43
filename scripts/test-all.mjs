// The one gate: typecheck + lint + knip + unit (vitest) + production build + end-to-end (Playwright, Chromium).
// Every step runs even when an earlier one fails, and the last line sums all suites: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureChromium } from './chromium.mjs';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'test-results');
process.env.NEXT_TELEMETRY_DISABLED = '1';
mkdirSync(out, { recursive: true });

let passed = 0;
let failed = 0;
let skipped = 0;
const summary = [];

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function step(label, cmd, args) {
  const ok = run(label, cmd, args);
  if (ok) passed += 1;
  else failed += 1;
  summary.push(`${label}: ${ok ? 'passed' : 'FAILED'}`);
  return ok;
}

/** Counts from a JSON report; a missing report means the runner itself broke: one failure. */
function suite(label, cmd, args, reportFile, count) {
  const ok = run(label, cmd, args);
  if (!existsSync(reportFile)) {
    failed += 1;
    summary.push(`${label}: no report written (runner failed)`);
    return;
  }
  const c = count(JSON.parse(readFileSync(reportFile, 'utf8')));
  passed += c.passed;
  failed += c.failed;
  skipped += c.skipped ?? 0;
  if (!ok && c.failed === 0) failed += 1; // runner exited non-zero without a failed test: count it
  if (c.passed + c.failed === 0) failed += 1; // a suite that ran nothing is a failure, not a pass
  summary.push(`${label}: ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`);
}

step('typecheck', 'npx', ['tsc', '--noEmit']);
step('lint', 'npx', ['eslint', '--max-warnings', '0', '.']);
// unused files, exports and dependencies (knip.ts): a new export nothing imports fails the gate
step('knip', 'npx', ['knip']);

// the CLI compiled once up front: tests start it from many processes at once, which must not all rebuild it
step('cli build', 'node', ['bin/cli-build.mjs']);

const vitestReport = path.join(out, 'vitest.json');
suite('unit', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`], vitestReport, (j) => ({
  passed: j.numPassedTests ?? 0,
  failed: j.numFailedTests ?? 0,
  skipped: (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0),
}));

const built = step('build', 'npx', ['next', 'build']);
if (built) {
  const browser = ensureChromium();
  if (browser) process.env.HARBINGER_CHROMIUM = browser;
  const pwReport = path.join(out, 'playwright.json');
  suite('e2e', 'npx', ['playwright', 'test'], pwReport, (j) => ({
    passed: j.stats?.expected ?? 0,
    failed: (j.stats?.unexpected ?? 0) + (j.stats?.flaky ?? 0),
    skipped: j.stats?.skipped ?? 0,
  }));
} else {
  failed += 1;
  summary.push('e2e: not run (build failed)');
}

console.log('\n=== summary');
for (const s of summary) console.log(`  ${s}`);
// skipped tests (those that need ../shared/datasets when it is absent) are named above the last line,
// which is always exactly `N passed, N failed`
if (skipped) console.log(`  skipped: ${skipped} (not counted as passed)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

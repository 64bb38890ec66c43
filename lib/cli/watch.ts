/**
 * `harbinger watch --model MODEL FILE…`: follows log files, windows their records as they come
 * (lib/live/featurer.ts), scores each closed window with the model's stream scorer and prints one
 * JSON line per alarm, warning or recovery on stdout; progress and diagnostics go to stderr.
 *
 * Clock: a window closes once the data's clock passes its end by the grace. The data clock is the
 * latest record time read, moved on by the wall time the files have been quiet since, so the last
 * window of an idle log still closes (a replayed old log keeps its own time while it is read).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { messageOf } from '../jobs/result';
import { createFeaturer } from '../live/featurer';
import type { LiveEvent, WindowRow } from '../live/contract';
import { Follower } from './follow';
import { LineFeed } from './line-feed';
import { errLine, jsonLine } from './terminal';
import { openModel } from './watch-model';
import { readState, writeState, type WatchState } from './watch-state';
import { WebhookQueue } from './webhook';

const CMD = 'harbinger watch';

export const WATCH_USAGE = `harbinger watch --model MODEL.json FILE... [--grace 30] [--from-start] [--state FILE] [--state-every 60]
                 [--webhook URL] [--poll-ms 50] [--idle-exit SECONDS]
    follow FILEs like tail -F (appends, rotation, truncation, files that appear later; .gz skipped),
    score each window as it closes, print one JSON line per alarm/warning/recovery:
    {ts, kind, detector, score, threshold, top_features, window_start, window_end}
    --grace S        a window closes when the data's clock is S seconds past its end (default 30)
    --from-start     read existing files from their start as fast as possible, then keep following
    --state FILE     save featurer + scorer state and file offsets every N windows and at exit; resume from it
    --webhook URL    POST each event as JSON with a Slack-compatible "text" field (retried with backoff)
    --idle-exit S    stop once no line has arrived for S seconds (replays, benchmarks)`;

interface Args {
  model: string;
  files: string[];
  graceMs: number;
  fromStart: boolean;
  state: string | null;
  stateEvery: number;
  webhook: string | null;
  pollMs: number;
  idleExitMs: number | null;
}

function parse(argv: string[]): Args | string {
  let a;
  try {
    a = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        model: { type: 'string' },
        grace: { type: 'string', default: '30' },
        'from-start': { type: 'boolean', default: false },
        state: { type: 'string' },
        'state-every': { type: 'string', default: '60' },
        webhook: { type: 'string' },
        'poll-ms': { type: 'string', default: '50' },
        'idle-exit': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    return messageOf(e);
  }
  const v = a.values;
  if (v.help) return 'help';
  if (v.model === undefined) return 'no --model given';
  const num = (name: string, text: string, min: number, max: number): number | string => {
    const n = Number(text);
    return Number.isFinite(n) && n >= min && n <= max ? n : `invalid --${name} "${text}" (${min} … ${max})`;
  };
  const grace = num('grace', v.grace, 0, 86_400);
  const every = num('state-every', v['state-every'], 1, 1e9);
  const poll = num('poll-ms', v['poll-ms'], 1, 60_000);
  const idle = v['idle-exit'] === undefined ? null : num('idle-exit', v['idle-exit'], 0, 1e9);
  for (const x of [grace, every, poll, idle]) if (typeof x === 'string') return x;
  const files = a.positionals.filter((f) => !f.toLowerCase().endsWith('.gz'));
  for (const f of a.positionals) if (!files.includes(f)) errLine(CMD, `${f}: a .gz file is a finished rotation, not a live log; skipped`);
  if (files.length === 0) return 'no files to follow';
  return {
    model: v.model, files, graceMs: (grace as number) * 1000, fromStart: v['from-start'], state: v.state ?? null,
    stateEvery: every as number, webhook: v.webhook ?? null, pollMs: poll as number, idleExitMs: idle === null ? null : (idle as number) * 1000,
  };
}

export async function watchCommand(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (args === 'help') {
    process.stdout.write(WATCH_USAGE + '\n');
    return 0;
  }
  if (typeof args === 'string') {
    errLine(CMD, args);
    errLine(CMD, 'usage: ' + WATCH_USAGE.split('\n')[0]);
    return 2;
  }
  try {
    return await run(args);
  } catch (e) {
    errLine(CMD, messageOf(e));
    return 1;
  }
}

const sleep = (ms: number, wake: { fn: (() => void) | null }) =>
  new Promise<void>((r) => {
    const t = setTimeout(r, ms);
    wake.fn = () => {
      clearTimeout(t);
      r();
    };
  });

/**
 * The data's clock: while several files are being read (a replay, or a writer's backlog), the
 * file furthest behind holds it back, so its records are not late because another file was read
 * ahead; a file with nothing new to read does not hold it back.
 */
function dataClock(inputs: readonly { lastTs: number; atEnd: boolean }[], maxTs: number): number {
  let clock = Infinity;
  for (const i of inputs) if (!i.atEnd && Number.isFinite(i.lastTs) && i.lastTs < clock) clock = i.lastTs;
  return clock === Infinity ? maxTs : clock;
}

async function run(a: Args): Promise<number> {
  const model = openModel(readFileSync(a.model, 'utf8'), a.model);
  const saved = a.state === null ? null : readState(a.state, { windowSec: model.windowSec, features: model.features });
  if (saved) errLine(CMD, `resuming from ${a.state}`);
  const featurer = createFeaturer({ windowSec: model.windowSec, features: model.features, featureState: model.featureState, graceMs: a.graceMs, snapshot: saved?.featurer });
  const scorer = model.scorer(saved?.scorer);
  const notice = (m: string) => errLine(CMD, m);
  const hook = a.webhook === null ? null : new WebhookQueue(a.webhook, { notice });
  const inputs = a.files.map((path) => {
    const follower = new Follower(path, { fromStart: a.fromStart, resume: saved?.files.find((f) => f.path === path), notice });
    const feed = new LineFeed(path, model.parse, (kind, i) => errLine(CMD, `${i.path}:${i.line}: ${kind === 'reject' ? 'rejected' : 'warning'}: ${i.reason}${i.text ? `: ${i.text}` : ''}`), () => follower.mtimeMs());
    // latest record time of this file, and whether its last poll found nothing new
    return { follower, feed, lastTs: -Infinity, atEnd: false };
  });

  let maxTs = saved?.maxTs ?? -Infinity;
  /** windows the featurer closed that the scorer has not stepped yet (saved with the state) */
  const pending: WindowRow[] = (saved?.pending ?? []).map((r) => ({ start: r.start, values: Float64Array.from(r.values) }));
  let lastData = performance.now();
  let firstData: number | null = null;
  /** since when no file has had anything new while the watcher was free to read: the wall clock moves the data clock only then */
  let quietSince = performance.now();
  let stop: string | null = null;
  const wake: { fn: (() => void) | null } = { fn: null };
  const onSignal = (s: string) => () => {
    stop = s;
    wake.fn?.();
  };
  const sigint = onSignal('SIGINT');
  const sigterm = onSignal('SIGTERM');
  process.on('SIGINT', sigint);
  process.on('SIGTERM', sigterm);

  let windows = 0;
  let sinceState = 0;
  let events = 0;
  let lines = 0;
  const t0 = performance.now();
  let lastProgress = t0;
  const save = () => {
    if (a.state === null) return;
    const s: WatchState = {
      version: 1, model: { windowSec: model.windowSec, features: model.features }, featurer: featurer.snapshot(), scorer: scorer.snapshot(),
      files: inputs.map((i) => i.follower.position()), maxTs: Number.isFinite(maxTs) ? maxTs : null,
      pending: pending.map((r) => ({ start: r.start, values: [...r.values] })),
    };
    writeState(a.state, s);
    sinceState = 0;
  };
  const emit = (e: LiveEvent) => {
    events++;
    process.stdout.write(jsonLine(e));
    hook?.push(e);
  };

  try {
    while (stop === null) {
      let got = false;
      // while a backlog of closed windows waits for the scorer, read nothing more (memory stays bounded)
      const reading = pending.length === 0;
      if (reading) {
        for (const input of inputs) {
          const { follower, feed } = input;
          // a few reads per file per round, so one busy file does not starve the others' windows
          for (let r = 0; r < 4; r++) {
            const chunk = follower.poll();
            input.atEnd = chunk === null;
            const quiet = chunk === null && performance.now() - quietSince > 1000;
            const batches = feed.push(chunk, quiet);
            if (chunk) {
              got = true;
              lines += chunk.lines.length;
            }
            for (const b of batches) {
              const ts = b.ts;
              let last = input.lastTs;
              for (let k = 0; k < b.length; k++) if (ts[k] > last) last = ts[k];
              input.lastTs = last;
              if (last > maxTs) maxTs = last;
              featurer.push(b);
            }
            if (!chunk) break;
          }
        }
      }
      const now = performance.now();
      if (got) {
        lastData = now;
        firstData ??= now;
      }
      if (got || !reading) quietSince = now;
      if (Number.isFinite(maxTs)) {
        pending.push(...featurer.closeUntil(dataClock(inputs, maxTs) + (now - quietSince)));
      }
      // score one window at a time, yielding now and then: a signal stops after the current window
      let yielded = performance.now();
      // time spent scoring is not quiet time: the wall clock must not close windows meanwhile
      if (pending.length > 0) quietSince = Infinity;
      while (pending.length > 0 && stop === null) {
        const row = pending[0];
        for (const e of scorer.step(row).events) emit(e);
        pending.shift();
        windows++;
        if (++sinceState >= a.stateEvery) save();
        if (performance.now() - yielded > 50) {
          await new Promise((r) => setImmediate(r));
          yielded = performance.now();
        }
      }
      if (quietSince === Infinity) quietSince = performance.now();
      if (now - lastProgress >= 10_000) {
        lastProgress = now;
        const late = Object.values(featurer.late()).reduce((x, y) => x + y, 0);
        errLine(CMD, `${lines.toLocaleString('en-US')} lines, ${windows} windows closed, ${events} events, ${late} late records, ${Math.round(lines / ((now - t0) / 1000)).toLocaleString('en-US')} lines/s`);
      }
      if (a.idleExitMs !== null && pending.length === 0 && performance.now() - quietSince >= a.idleExitMs) stop = 'idle';
      // yield every round, also while replaying flat out: signals and webhook POSTs run on the event loop
      if (stop === null) await (got || pending.length > 0 ? new Promise((r) => setImmediate(r)) : sleep(a.pollMs, wake));
    }
  } finally {
    process.off('SIGINT', sigint);
    process.off('SIGTERM', sigterm);
    save();
    for (const i of inputs) i.follower.close();
  }
  if (hook) {
    const left = await hook.flush(2000);
    if (left > 0) errLine(CMD, `webhook: ${left} events not delivered before exit`);
  }
  const late = featurer.late();
  for (const { follower, feed } of inputs) {
    const c = feed.counts;
    errLine(CMD, `${follower.path}: ${c.lines} lines: ${c.parsed} parsed, ${c.warned} with a warning, ${c.rejected} rejected, ${c.skipped} skipped`);
  }
  const reading = firstData === null ? 0 : (lastData - firstData) / 1000;
  const rate = reading > 0 ? `, ${Math.round(lines / reading)} lines/s while reading` : '';
  errLine(CMD, `stopped (${stop}): ${lines} lines, ${windows} windows closed, ${events} events, late records ${JSON.stringify(late)}${rate}${a.state ? `, state saved to ${a.state}` : ''}`);
  return 0;
}

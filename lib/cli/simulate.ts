import { parseArgs } from 'node:util';
import { createWriteStream } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { PRESETS, type PresetId, type Scenario, type SimFile } from '../../simulator/scenario';
import { generate } from '../../simulator/generate';
import { planIncidents } from '../../simulator/plan';
import { incidentsJson, labelsCsv } from '../../simulator/labels';
import { checkScenario } from '../../simulator/validate';
import { messageOf } from '../engine/result';

const PRESET_IDS = Object.keys(PRESETS) as PresetId[];

/** `harbinger simulate --preset P [--seed N] [--days D] [--rps R] --out DIR` and `--list`. */
export async function simulateCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        preset: { type: 'string' },
        seed: { type: 'string' },
        days: { type: 'string' },
        rps: { type: 'string' },
        out: { type: 'string' },
        list: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    process.stderr.write(`harbinger simulate: ${messageOf(e)}\n`);
    return 2;
  }
  const v = args.values;
  if (v.list) {
    for (const id of PRESET_IDS) process.stdout.write(`${id.padEnd(12)} ${PRESETS[id].label}: ${PRESETS[id].description}\n`);
    return 0;
  }
  if (!v.preset || !PRESET_IDS.includes(v.preset as PresetId)) {
    process.stderr.write(`harbinger simulate: --preset must be one of ${PRESET_IDS.join(', ')} (see --list)\n`);
    return 2;
  }
  if (!v.out) {
    process.stderr.write('harbinger simulate: --out DIR is required\n');
    return 2;
  }
  const scenario = structuredClone(PRESETS[v.preset as PresetId].scenario) as Scenario;
  try {
    if (v.seed !== undefined) scenario.seed = numberArg('seed', v.seed);
    if (v.days !== undefined) scenario.days = numberArg('days', v.days);
    if (v.rps !== undefined) scenario.traffic.rps = numberArg('rps', v.rps);
    checkScenario(scenario);
  } catch (e) {
    process.stderr.write(`harbinger simulate: ${messageOf(e)}\n`);
    return 2;
  }

  const t0 = performance.now();
  try {
    await mkdir(v.out, { recursive: true });
    const lines = await writeFiles(scenario, v.out);
    const plan = planIncidents(scenario);
    await writeFile(path.join(v.out, 'labels.csv'), labelsCsv(plan));
    await writeFile(path.join(v.out, 'incidents.json'), incidentsJson(plan));
    await writeFile(path.join(v.out, 'scenario.json'), JSON.stringify(scenario, null, 2) + '\n');
    // auth.log timestamps carry no year: readers take it from the file's date, so date the files at the scenario's end
    const end = new Date(scenario.start + scenario.days * 86_400_000);
    for (const f of [...Object.keys(lines), 'labels.csv', 'incidents.json', 'scenario.json']) await utimes(path.join(v.out, f), end, end);
    const ms = performance.now() - t0;
    const total = Object.values(lines).reduce((a, n) => a + n, 0);
    if (v.json) {
      process.stdout.write(JSON.stringify({ preset: v.preset, seed: scenario.seed, out: v.out, lines, incidents: plan.length, elapsed_ms: Math.round(ms) }) + '\n');
    } else {
      for (const [f, n] of Object.entries(lines)) process.stdout.write(`${path.join(v.out, f)}: ${n.toLocaleString('en-US')} lines\n`);
      process.stdout.write(`${path.join(v.out, 'labels.csv')}, incidents.json: ${plan.length} incidents; scenario.json\n`);
      process.stdout.write(`${Math.round(ms)} ms (${Math.round((total / ms) * 1000).toLocaleString('en-US')} lines/s)\n`);
    }
    return 0;
  } catch (e) {
    process.stderr.write(`harbinger simulate: ${messageOf(e)}\n`);
    return 1;
  }
}

function numberArg(name: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new Error(`invalid --${name} "${text}"`);
  return n;
}

/** Streams each output file chunk by chunk (no file is ever whole in memory). */
async function writeFiles(scenario: Scenario, dir: string): Promise<Partial<Record<SimFile, number>>> {
  const lines: Partial<Record<SimFile, number>> = {};
  const streams = new Map<SimFile, ReturnType<typeof createWriteStream>>();
  for (const chunk of generate(scenario)) {
    let out = streams.get(chunk.file);
    if (!out) {
      out = createWriteStream(path.join(dir, chunk.file));
      streams.set(chunk.file, out);
      lines[chunk.file] = 0;
    }
    lines[chunk.file]! += chunk.lines;
    if (!out.write(chunk.bytes)) await once(out, 'drain');
  }
  for (const out of streams.values()) {
    out.end();
    await once(out, 'finish');
  }
  return lines;
}

// Where the tab's ingest time goes (issue 13), step by step, per million lines, in Node on the same
// V8 and the same duckdb-wasm build the tab runs (its blocking build, one thread):
//   npx tsx bench/tab-steps.ts [FILE] [--rows-per-insert 122880]
// FILE defaults to bench/out/access-1000000.log (`npx tsx bench/ingest-peers.ts` writes it).
import { createReadStream, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ingest } from '../lib/ingest/ingest';
import { readLines } from '../lib/ingest/lines';
import { sha256Hex } from '../lib/ingest/hash';
import { openWasmNode } from '../lib/db/wasm-node';
import { createSchema } from '../lib/db/schema';
import { loadSources } from '../lib/jobs/load';
import { batchesToIPC } from '../lib/db/arrow-dict';
import type { Batch } from '../lib/ingest/types';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'rows-per-insert': { type: 'string', default: '122880' } } });
const file = positionals[0] ?? path.resolve(import.meta.dirname, 'out/access-1000000.log');
const perInsert = Number(values['rows-per-insert']);
const size = statSync(file).size;
const chunks = () => createReadStream(file, { highWaterMark: 4 << 20 }) as AsyncIterable<Uint8Array>;
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
const rows: [string, number, number][] = [];
let lines = 0;

async function step(name: string, fn: () => Promise<number | void>): Promise<void> {
  const t0 = performance.now();
  const n = await fn();
  if (typeof n === 'number') lines = n;
  rows.push([name, performance.now() - t0, Number(load())]);
}

await step('read 4 MiB chunks', async () => {
  for await (const _ of chunks()) void _;
});
await step('read + decode + split', async () => {
  let n = 0;
  for await (const b of readLines(chunks())) n += b.lines.length;
  return n;
});
await step('read + decode + split + parse (batches dropped)', async () => {
  const r = await ingest({ name: 'access.log', size, chunks: chunks() }, { format: 'auto', onBatch: () => {} });
  return r.lines;
});
await step('SHA-256 (@noble/hashes)', async () => {
  await sha256Hex(chunks());
});

for (const dictionary of [false, true]) {
  const db = await openWasmNode();
  await createSchema(db);
  let build = 0;
  let insert = 0;
  let bytes = 0;
  let group: Batch[] = [];
  let groupRows = 0;
  const flush = () => {
    const t0 = performance.now();
    const { ipc } = batchesToIPC(group, dictionary);
    const t1 = performance.now();
    db.insertIPC('requests', ipc);
    insert += performance.now() - t1;
    build += t1 - t0;
    bytes += ipc.length;
    group = [];
    groupRows = 0;
  };
  const t0 = performance.now();
  await ingest(
    { name: 'access.log', size, chunks: chunks() },
    {
      format: 'auto',
      onBatch: (b) => {
        group.push(b);
        groupRows += b.length;
        if (groupRows >= perInsert) flush();
      },
    },
  );
  if (groupRows > 0) flush();
  const all = performance.now() - t0;
  const kind = dictionary ? 'dictionary' : 'plain';
  rows.push([`Arrow build, ${kind} strings (${perInsert}-row record batches; ${(bytes / 1e6).toFixed(0)} MB of IPC)`, build, Number(load())]);
  rows.push([`insertArrowFromIPCStream, ${kind} strings`, insert, Number(load())]);
  rows.push([`the whole pass, ${kind}: parse + build + insert`, all, Number(load())]);
  const [{ n }] = (await db.query('SELECT count(*)::DOUBLE AS n FROM requests')) as [{ n: number }];
  if (n !== lines) throw new Error(`${kind}: ${n} rows, expected ${lines}`);
  await db.close();
}

{
  const db = await openWasmNode();
  await createSchema(db);
  await step("today's tab path in one thread: loadSources + hash (WasmDb.insert)", async () => {
    await loadSources(db, [{ name: 'access.log', size, chunks: chunks() }], { format: 'auto', hash: true });
  });
  await db.close();
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
console.log(`${fmt(lines)} lines, ${(size / 1e6).toFixed(0)} MB, ${file}`);
console.log('| step | ms | ms per million lines | lines/s | load |\n|---|---:|---:|---:|---:|');
for (const [name, ms, l] of rows) console.log(`| ${name} | ${fmt(ms)} | ${fmt((ms / lines) * 1e6)} | ${fmt((lines / ms) * 1000)} | ${l.toFixed(1)} |`);

import { parseArgs } from 'node:util';
import { clickhouse } from '../clickhouse/client';
import { createTables } from '../clickhouse/schema';
import { loadIntoClickHouse } from '../clickhouse/load';
import { LOG_FORMATS, type FormatChoice } from '../ingest/types';
import { messageOf } from '../jobs/result';
import { fileInput, trackInputs } from './files';
import { err, errLine, out } from './terminal';
import { textReport } from './parse';

/**
 * `harbinger load --clickhouse URL --table T FILE… [--format F] [--year Y] [--create [--cluster NAME --shards URL,URL…]] [--batch N]`:
 * parses the files as `parse` does (the same report, rejects listed, never inserted) and inserts
 * the rows into T_requests, T_auth_events and T_metrics. `--create` makes the tables first (kept
 * when they exist); with `--cluster`, local tables on every shard URL plus Distributed tables on
 * URL (ON CLUSTER DDL would need ZooKeeper, which a small cluster need not run).
 */
export async function loadCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        clickhouse: { type: 'string' },
        table: { type: 'string' },
        create: { type: 'boolean', default: false },
        cluster: { type: 'string' },
        shards: { type: 'string' },
        format: { type: 'string', default: 'auto' },
        year: { type: 'string' },
        batch: { type: 'string', default: '100000' },
      },
    });
  } catch (e) {
    errLine('harbinger load', messageOf(e));
    return 2;
  }
  const v = args.values;
  const files = args.positionals;
  const fail = (msg: string) => (errLine('harbinger load', msg), 2);
  if (!v.clickhouse) return fail('--clickhouse URL is required (e.g. http://127.0.0.1:8123)');
  if (!v.table) return fail('--table T is required (the rows go to T_requests, T_auth_events, T_metrics)');
  if (files.length === 0) return fail('no input files');
  const format = v.format as FormatChoice;
  if (format !== 'auto' && !(LOG_FORMATS as readonly string[]).includes(format)) return fail(`invalid --format "${format}" (auto, ${LOG_FORMATS.join(', ')})`);
  const year = v.year === undefined ? undefined : Number(v.year);
  if (year !== undefined && (!Number.isInteger(year) || year < 1970 || year > 2100)) return fail(`invalid --year "${v.year}"`);
  const batchSize = Number(v.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000_000) return fail(`invalid --batch "${v.batch}" (rows per insert, 1 to 10,000,000)`);
  if ((v.cluster !== undefined || v.shards !== undefined) && !v.create) return fail('--cluster and --shards go with --create');
  if (v.cluster !== undefined && !v.shards) return fail('--cluster NAME needs --shards URL,URL… (every shard, to make its local tables)');
  if (v.shards !== undefined && v.cluster === undefined) return fail('--shards goes with --cluster NAME');

  const t0 = performance.now();
  try {
    const ch = clickhouse(v.clickhouse);
    if (v.create) {
      const shards = (v.shards ?? '').split(',').filter(Boolean).map((u) => clickhouse(u.trim()));
      await createTables(ch, v.table, { cluster: v.cluster ?? null, shards });
    }
    const opened = [];
    for (const f of files) opened.push(await fileInput(f));
    const tracked = trackInputs(opened);
    let lastNote = 0;
    const { reports, rows } = await loadIntoClickHouse(ch, v.table, tracked.inputs, {
      format,
      year,
      batchSize,
      onProgress: (p) => {
        const now = performance.now();
        if (now - lastNote < 1000) return;
        lastNote = now;
        const pct = p.bytesTotal ? ` ${Math.round((100 * p.bytesRead) / p.bytesTotal)} %` : '';
        err(`harbinger load: file ${p.fileIndex + 1}/${p.fileCount}${pct}, ${p.inserted.toLocaleString('en-US')} rows inserted\n`);
      },
    }).catch((e: unknown) => {
      throw tracked.named(e);
    });
    out(textReport(reports, undefined, performance.now() - t0));
    out(`inserted ${rows.toLocaleString('en-US')} rows into ${v.table}_requests / _auth_events / _metrics at ${ch.url}\n`);
    return 0;
  } catch (e) {
    errLine('harbinger load', messageOf(e));
    return 1;
  }
}

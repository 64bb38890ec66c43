/**
 * Parses log files with our parsers (lib/ingest: same formats, same report, same rejects as
 * `harbinger parse`) and inserts the rows into ClickHouse in batches, one HTTP request per batch.
 * Rejected and damaged lines stay in the report (printed by the CLI), never in ClickHouse.
 */
import { ingest } from '../ingest/ingest';
import type { SourceInput } from '../jobs/load';
import type { FormatChoice, ParseProgress, ParseReport } from '../ingest/types';
import type { ClickHouse } from './client';
import { CH_COLUMNS, chTable } from './schema';
import { encodeBatch, type InsertFormat } from './rows';

export interface ChLoadOptions {
  format: FormatChoice;
  year?: number;
  /** rows per insert; default 100,000 (ClickHouse prefers few large inserts: each makes a part) */
  batchSize?: number;
  insertFormat?: InsertFormat;
  maxRejects?: number;
  onProgress?: (p: ParseProgress & { fileIndex: number; fileCount: number; inserted: number }) => void;
}

/** Loads every input into the dataset `prefix`'s tables; returns one parse report per file and the rows inserted. */
export async function loadIntoClickHouse(ch: ClickHouse, prefix: string, inputs: readonly SourceInput[], o: ChLoadOptions): Promise<{ reports: ParseReport[]; rows: number }> {
  const fmt = o.insertFormat ?? 'TabSeparated';
  const reports: ParseReport[] = [];
  let inserted = 0;
  for (const [i, input] of inputs.entries()) {
    try {
      const report = await ingest(input, {
        format: o.format,
        year: o.year,
        latencyUnit: 'auto',
        batchSize: o.batchSize ?? 100_000,
        maxRejects: o.maxRejects,
        onBatch: async (batch) => {
          const names = CH_COLUMNS[batch.table].map(([c]) => c);
          await ch.insert(chTable(prefix, batch.table), names, fmt, encodeBatch(batch, names, fmt));
          inserted += batch.length;
        },
        onProgress: o.onProgress ? (p) => o.onProgress?.({ ...p, fileIndex: i, fileCount: inputs.length, inserted }) : undefined,
      });
      reports.push(report);
    } catch (e) {
      const m = e instanceof Error ? e.message : String(e);
      throw new Error(m.includes(input.name) ? m : `${input.name}: ${m}`, { cause: e });
    }
  }
  return { reports, rows: inserted };
}

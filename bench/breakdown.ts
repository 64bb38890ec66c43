// Where the CLI's time goes: the same file parsed with batches thrown away, then parsed and
// appended to native DuckDB, in this process.
import { ingest } from '../lib/ingest/ingest';
import { fileInput } from '../lib/cli/files';
import { openNative } from '../lib/db/native';
import { createSchema } from '../lib/db/schema';

export async function breakdown(file: string): Promise<{ parseMs: number; totalMs: number; insertMs: number }> {
  let t0 = performance.now();
  await ingest(await fileInput(file), { format: 'combined', onBatch: () => undefined });
  const parseMs = performance.now() - t0;
  const db = await openNative();
  await createSchema(db);
  let insertMs = 0;
  t0 = performance.now();
  await ingest(await fileInput(file), {
    format: 'combined',
    onBatch: async (b) => {
      const t = performance.now();
      await db.insert(b);
      insertMs += performance.now() - t;
    },
  });
  const t = performance.now();
  await db.query('SELECT count(*) FROM requests'); // flushes appenders held back by the adapter
  insertMs += performance.now() - t;
  const totalMs = performance.now() - t0;
  await db.close();
  return { parseMs, totalMs, insertMs };
}

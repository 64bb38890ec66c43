/**
 * Atomic loads. A load (an upload or a simulation) fills fresh staging copies of every data table;
 * only when it has finished are they swapped in, in one transaction. A load that fails (a value a
 * table refuses, a broken file) or is cancelled drops its staging tables and puts the previous
 * tables back, so afterwards the tables the page and the SQL cells read hold exactly the previous
 * dataset, row for row.
 *
 * While a load runs, the previous tables are parked under other names and the live names hold
 * empty tables. Queries sent just before a load (panels and features for the data being replaced,
 * whose answers the page drops anyway) then cost nothing, instead of competing with the load for
 * the engine's one thread: measured in the browser, keeping the old data readable made switching
 * seeds 2–4× slower. No query ever sees a half-loaded dataset.
 *
 * Every step renames tables (ALTER TABLE … RENAME, a few ms) instead of copying rows: copying
 * 0.65 M request rows took ≈ 2.8 s in duckdb-wasm and ≈ 1.8 s natively. Views and later queries
 * name tables, not table ids, so they read whatever holds the name. Peak memory is the old and the
 * new dataset together, the price of keeping the old one until the new one is whole.
 */
import type { Batch, LineIssue } from '../ingest/types';
import type { LabelRow } from '../labels/types';
import type { Db } from '../db/db';
import { DATA_TABLES, dataTableSql, insertLabels, insertRejects, sqlString, type DataTable, type IssueTable } from '../db/schema';

export interface Staging {
  /** the staging table standing in for each data table */
  readonly tables: Readonly<Record<DataTable, string>>;
  insert(batch: Batch): Promise<void>;
  insertIssues(rows: readonly LineIssue[], table: IssueTable): Promise<void>;
  insertLabels(rows: readonly LabelRow[]): Promise<void>;
  /**
   * Appends the rows of a Parquet file written from a table of the same columns (the CLI's parallel
   * parse, lib/cli/parallel.ts). Reads a local file: native DuckDB only (the tab's engine is locked down).
   */
  insertParquet(file: string, table: DataTable): Promise<void>;
}

export interface StagedOptions {
  /** add the staged rows to what is loaded instead of replacing it; default false */
  append?: boolean;
}

// Unique per process (engine worker, CLI): a cancelled load still finishing its last batch never
// shares tables with the load that replaced it.
let loads = 0;

/**
 * One load at a time per database: a new load waits until the one before has swapped its tables
 * in or put the previous ones back (a cancelled load notices within one batch), so it parks the
 * right tables.
 */
const running = new WeakMap<Db, Promise<unknown>>();

/**
 * Runs `fill` against staging tables and swaps them in when it resolves. When it throws (or the
 * swap fails) the staging tables are dropped, the previous tables come back, and the error is
 * rethrown unchanged.
 */
export async function staged<T>(db: Db, fill: (stage: Staging) => Promise<T>, options: StagedOptions = {}): Promise<T> {
  const before = running.get(db);
  const run = (async () => {
    await before?.catch(() => undefined);
    return stagedNow(db, fill, options.append === true);
  })();
  running.set(db, run);
  try {
    return await run;
  } finally {
    if (running.get(db) === run) running.delete(db);
  }
}

async function stagedNow<T>(db: Db, fill: (stage: Staging) => Promise<T>, append: boolean): Promise<T> {
  const id = ++loads;
  const staging = names(`staging_${id}_`);
  const parked = names(`parked_${id}_`);
  await db.exec(
    DATA_TABLES.map((t) => `DROP TABLE IF EXISTS main.${staging[t]};\n${dataTableSql(t, staging[t])}\nDROP TABLE IF EXISTS main.${parked[t]};`).join('\n'),
  );
  // the previous tables step aside; the live names hold empty tables until the swap
  await transaction(db, DATA_TABLES.map((t) => `ALTER TABLE main.${t} RENAME TO ${parked[t]};\n${dataTableSql(t, t)}`));
  const stage: Staging = {
    tables: staging,
    insert: (batch) => db.insert(batch, staging[batch.table]),
    insertIssues: (rows, table) => insertRejects(db, rows, table, staging[table]),
    insertLabels: (rows) => insertLabels(db, rows, staging.labels),
    insertParquet: (file, table) => db.exec(`INSERT INTO main.${staging[table]} SELECT * FROM read_parquet(${sqlString(file)});`),
  };
  let value: T;
  try {
    value = await fill(stage);
    if (append) {
      await transaction(db, DATA_TABLES.map((t) => `INSERT INTO main.${parked[t]} SELECT * FROM main.${staging[t]};`));
      await swap(db, parked, staging);
    } else {
      await swap(db, staging, parked);
    }
  } catch (e) {
    await restore(db, staging, parked);
    throw e;
  }
  return value;
}

function names(prefix: string): Record<DataTable, string> {
  return Object.fromEntries(DATA_TABLES.map((t) => [t, `${prefix}${t}`])) as Record<DataTable, string>;
}

async function transaction(db: Db, steps: string[]): Promise<void> {
  try {
    await db.exec(`BEGIN TRANSACTION;\n${steps.join('\n')}\nCOMMIT;`);
  } catch (e) {
    // a statement failed inside the transaction: undo the part that ran
    await db.exec('ROLLBACK;').catch(() => undefined);
    throw e;
  }
}

/** `next` becomes the live tables; the live ones and `drop` are dropped. */
async function swap(db: Db, next: Record<DataTable, string>, drop: Record<DataTable, string>): Promise<void> {
  await transaction(
    db,
    DATA_TABLES.map((t) => `DROP TABLE IF EXISTS main.${t}; ALTER TABLE main.${next[t]} RENAME TO ${t}; DROP TABLE IF EXISTS main.${drop[t]};`),
  );
}

/** The parked tables back under the live names; the staging tables gone. */
async function restore(db: Db, staging: Record<DataTable, string>, parked: Record<DataTable, string>): Promise<void> {
  const sql = DATA_TABLES.map((t) => `DROP TABLE IF EXISTS main.${t}; ALTER TABLE main.${parked[t]} RENAME TO ${t}; DROP TABLE IF EXISTS main.${staging[t]};`);
  // The first try may fail while the adapter appends rows it still buffered for the staging tables
  // (the adapters empty their buffers even then); the second runs on an empty buffer.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await transaction(db, sql);
      return;
    } catch {
      // try once more
    }
  }
}

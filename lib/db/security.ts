/**
 * Cuts the engine off from the outside world once it has what it needs: after `lockDown` no SQL
 * (typed by a user, or carried in a shared link) can read a URL or a local file, write a file,
 * ATTACH a database or load an extension, and locking the configuration stops a query from
 * switching any of that back on. Appending batches keeps working on both adapters (the wasm one
 * inserts Arrow from memory, which DuckDB does not count as external access).
 *
 * duckdb-wasm treats `INSTALL x` as a no-op that succeeds; the `LOAD x` that would fetch the
 * extension is what fails there. Native DuckDB already refuses the INSTALL.
 */
import type { Db } from './db';

export async function lockDown(db: Db): Promise<void> {
  if (await isLockedDown(db)) return;
  await db.exec('SET enable_external_access = false;');
  await db.exec('SET lock_configuration = true;');
  if (!(await isLockedDown(db))) throw new Error('lockDown did not take effect: external access is still enabled');
}

/** True when external access is off and the configuration can no longer change. */
async function isLockedDown(db: Db): Promise<boolean> {
  const [row] = await db.query(
    "SELECT current_setting('enable_external_access') AS external, current_setting('lock_configuration') AS locked",
  );
  return row?.external === false && row.locked === true;
}

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { loadSources, type SourceInput } from '../jobs/load';
import type { Db } from '../db/db';
import { createSchema } from '../db/schema';
import { messageOf } from '../jobs/result';

/** Opens a file as a stream of large chunks; throws `<path>: <reason>` when it cannot be read. */
export async function fileInput(path: string): Promise<SourceInput> {
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    throw new Error(`${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, { cause: e });
  }
  if (!info.isFile()) throw new Error(`${path}: not a regular file`);
  const stream = createReadStream(path, { highWaterMark: 4 * 1024 * 1024 });
  // surface open errors (permissions) with the file name instead of an anonymous stream error
  const chunks = (async function* () {
    try {
      for await (const c of stream) yield c as Uint8Array;
    } catch (e) {
      throw new Error(`${path}: ${(e as Error).message}`, { cause: e });
    }
  })();
  return { name: path, size: info.size, lastModified: info.mtimeMs, chunks };
}

/**
 * Wraps inputs so an error raised while one of them is being parsed or loaded (a truncated
 * gzip, a value the engine refuses) can name that file: the file whose chunks were pulled last
 * is the one being read, as inputs are read one after another.
 */
export function trackInputs(inputs: readonly SourceInput[]): { inputs: SourceInput[]; named: (e: unknown) => Error } {
  let current: string | null = null;
  const wrapped = inputs.map((input) => ({
    ...input,
    chunks: (async function* () {
      current = input.name;
      yield* input.chunks;
    })(),
  }));
  const named = (e: unknown): Error => {
    const message = messageOf(e);
    if (current === null || message.includes(current)) return e instanceof Error ? e : new Error(message);
    return new Error(`${current}: ${message}`, { cause: e });
  };
  return { inputs: wrapped, named };
}

/**
 * The log files parsed into a fresh schema (formats detected), an error naming the file that
 * failed; answers the metric names loaded, from which the default features follow.
 */
export async function loadLogFiles(db: Db, logs: readonly string[]): Promise<string[]> {
  await createSchema(db);
  const opened = [];
  for (const f of logs) opened.push(await fileInput(f));
  const tracked = trackInputs(opened);
  try {
    await loadSources(db, tracked.inputs, { format: 'auto', latencyUnit: 'auto' });
  } catch (e) {
    throw tracked.named(e);
  }
  return (await db.query('SELECT DISTINCT name FROM metrics ORDER BY name')).map((r) => String(r.name));
}

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { SourceInput } from '../engine/load';

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

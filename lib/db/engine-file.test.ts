import { describe, expect, it } from 'vitest';
import { checkEngineFile } from './engine-file';

const URL_ = 'http://127.0.0.1:3000/duckdb/duckdb-eh.wasm';

describe('checkEngineFile', () => {
  it('passes when the server has the file', async () => {
    await expect(checkEngineFile(URL_, async () => new Response(null, { status: 200 }))).resolves.toBeUndefined();
  });

  it('names the missing file, the status and how to get it', async () => {
    await expect(checkEngineFile(URL_, async () => new Response('not found', { status: 404 }))).rejects.toThrow(
      /^the DuckDB engine file \/duckdb\/duckdb-eh\.wasm is missing on the server \(HTTP 404\)\. It is copied into public\/duckdb\/ by `npm install`, `npm run build`/,
    );
  });

  it('says a blocked fetch may be a policy', async () => {
    const blocked = async (): Promise<Response> => {
      throw new TypeError('Failed to fetch');
    };
    await expect(checkEngineFile(URL_, blocked)).rejects.toThrow(`the DuckDB engine file ${URL_} could not be fetched (Failed to fetch); a Content-Security-Policy or a proxy may block it`);
  });
});

/**
 * Fails fast, saying which file and why, when the engine binary cannot be fetched: duckdb-wasm
 * itself never settles when its .wasm answers 404 (the page then waited forever). A HEAD request
 * to our own origin costs a few ms.
 */
export async function checkEngineFile(url: string, fetchFn: typeof fetch = fetch): Promise<void> {
  let res: Response;
  try {
    res = await fetchFn(url, { method: 'HEAD', cache: 'no-store' });
  } catch (e) {
    throw new Error(`the DuckDB engine file ${url} could not be fetched (${e instanceof Error ? e.message : String(e)}); a Content-Security-Policy or a proxy may block it`, { cause: e });
  }
  if (!res.ok) {
    throw new Error(
      `the DuckDB engine file ${new URL(url).pathname} is missing on the server (HTTP ${res.status}). ` +
        'It is copied into public/duckdb/ by `npm install`, `npm run build` or `npm start` (scripts/copy-wasm.mjs); run one of them, restart the server and reload.',
    );
  }
}

/**
 * A ClickHouse server over its HTTP interface (Node/browser fetch; no driver): queries come back
 * as JSONCompact, inserts go as a request body in a text format. Errors carry the server's own
 * message (`Code: 60, e.displayText() = …`) and the statement's first line.
 */

export type ChCell = string | number | boolean | null;

export interface ClickHouse {
  /** the server's HTTP URL, without credentials */
  url: string;
  query(sql: string): Promise<Record<string, ChCell>[]>;
  exec(sql: string): Promise<void>;
  /** `INSERT INTO table (columns) FORMAT format` with `body` as the data */
  insert(table: string, columns: readonly string[], format: string, body: string): Promise<void>;
}

/** A table or column name ClickHouse takes without quoting (we only make such names). */
export function checkChName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,100}$/.test(name)) throw new Error(`invalid ClickHouse table name: ${JSON.stringify(name)} (letters, digits and _)`);
  return name;
}

/** Opens a client for `url` (http://host:8123, optionally user:password@ and ?database=). Throws on a URL that is not http(s). */
export function clickhouse(url: string): ClickHouse {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`invalid --clickhouse URL: ${JSON.stringify(url)} (e.g. http://127.0.0.1:8123)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`invalid --clickhouse URL: ${JSON.stringify(url)} (http or https)`);
  const headers: Record<string, string> = {};
  if (u.username) headers['X-ClickHouse-User'] = decodeURIComponent(u.username);
  if (u.password) headers['X-ClickHouse-Key'] = decodeURIComponent(u.password);
  const database = u.searchParams.get('database');
  const base = `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;

  /** `idempotent`: a query or DDL that may safely run twice (not an insert) */
  const post = async (params: Record<string, string>, body: string, what: string, idempotent: boolean): Promise<Response> => {
    const p = new URLSearchParams({ ...params, ...(database ? { database } : {}) });
    let res: Response | null = null;
    // A pooled connection the server closed while idle (its keep_alive_timeout, 3 s by default,
    // is shorter than fetch's) fails as a closed socket, or as EPIPE when the request is written to
    // it: the server read nothing, so that one is sent again, once. A reset connection is retried
    // only for queries and DDL: an insert it cut may have landed.
    const stale = (code: string | undefined) => code === 'UND_ERR_SOCKET' || code === 'EPIPE' || (idempotent && code === 'ECONNRESET');
    for (let attempt = 0; res === null; attempt++) {
      try {
        res = await fetch(`${base}/?${p}`, { method: 'POST', headers, body });
      } catch (e) {
        const cause = (e as Error).cause as { code?: string; message?: string; cause?: { code?: string } } | undefined;
        if (attempt === 0 && (stale(cause?.code) || stale(cause?.cause?.code))) continue;
        throw new Error(`ClickHouse at ${base} is not reachable (${cause?.message ?? (e as Error).message})`, { cause: e });
      }
    }
    if (!res.ok) {
      const text = (await res.text()).trim();
      throw new Error(`ClickHouse ${res.status} on ${what.split('\n')[0].slice(0, 120)}: ${text.slice(0, 1000)}`);
    }
    return res;
  };

  return {
    url: base,
    async query(sql) {
      const res = await post({ output_format_json_quote_64bit_integers: '0', output_format_json_quote_denormals: '0' }, `${sql}\nFORMAT JSONCompact`, sql, true);
      const json = (await res.json()) as { meta: { name: string }[]; data: ChCell[][] };
      const names = json.meta.map((m) => m.name);
      return json.data.map((r) => Object.fromEntries(names.map((n, k) => [n, r[k]])));
    },
    async exec(sql) {
      await (await post({}, sql, sql, true)).arrayBuffer();
    },
    async insert(table, columns, format, body) {
      const sql = `INSERT INTO ${checkChName(table)} (${columns.map(checkChName).join(', ')}) FORMAT ${format}`;
      // a Distributed table then writes to the shards before answering, so the rows are there when the load ends
      await (await post({ query: sql, insert_distributed_sync: '1' }, body, sql, false)).arrayBuffer();
    },
  };
}

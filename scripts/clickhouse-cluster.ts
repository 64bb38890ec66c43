/**
 * Starts a local ClickHouse cluster for tests, benchmarks and the README walk-through: N
 * clickhouse-server processes (default 2 shards, one replica each) on loopback ports, each in its
 * own temp directory, with a `remote_servers` entry naming them all (cluster `harbinger`).
 *
 *   npx tsx scripts/clickhouse-cluster.ts [--shards 2] [--base-port 19100] [--dir DIR]
 *
 * Prints one JSON line {dir, cluster, http: [urls], pids} once every server answers, then keeps
 * running until SIGINT/SIGTERM, when it stops the servers it started (by their pid) and removes
 * its directory. Importable too: `startCluster()` (the ClickHouse test suites and bench/clickhouse.ts use it).
 * Never touches the system service: its own config, data dir and ports.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The clickhouse-server binary, or null when ClickHouse is not installed. */
export function serverBinary(): string | null {
  for (const p of ['/usr/sbin/clickhouse-server', '/usr/bin/clickhouse-server', '/usr/bin/clickhouse']) if (existsSync(p)) return p;
  try {
    return execFileSync('which', ['clickhouse-server'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

interface Ports {
  http: number;
  tcp: number;
  inter: number;
}

function config(dir: string, ports: Ports, shards: readonly Ports[]): string {
  const replicas = shards.map((s) => `<shard><replica><host>127.0.0.1</host><port>${s.tcp}</port></replica></shard>`).join('');
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/server.err.log</errorlog><size>10M</size><count>1</count></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${ports.http}</http_port>
  <tcp_port>${ports.tcp}</tcp_port>
  <interserver_http_port>${ports.inter}</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <max_concurrent_queries>50</max_concurrent_queries>
  <keep_alive_timeout>30</keep_alive_timeout>
  <mlock_executable>false</mlock_executable>
  <remote_servers><harbinger>${replicas}</harbinger></remote_servers>
</yandex>
`;
}

const USERS = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage><max_threads>2</max_threads></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`;

async function waitUp(url: string, ms: number, proc: ChildProcess): Promise<void> {
  const until = performance.now() + ms;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`clickhouse-server at ${url} exited with code ${proc.exitCode}`);
    try {
      const r = await fetch(`${url}/?query=SELECT%201`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    if (performance.now() > until) throw new Error(`clickhouse-server at ${url} did not answer within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Starts `shards` servers on ports basePort + 10·k (+0 http, +1 tcp, +2 interserver).
 * Returns {dir, cluster, http, pids, stop}.
 */
export interface Cluster {
  dir: string;
  cluster: string;
  /** each shard's HTTP URL; the first is the one to send queries and inserts to */
  http: string[];
  pids: number[];
  stop: () => Promise<void>;
}

export async function startCluster({ shards = 2, basePort = 19100, dir }: { shards?: number; basePort?: number; dir?: string } = {}): Promise<Cluster> {
  const bin = serverBinary();
  if (!bin) throw new Error('clickhouse-server is not installed');
  const root = dir ?? mkdtempSync(join(tmpdir(), 'harbinger-ch-'));
  const ports = Array.from({ length: shards }, (_, k) => ({ http: basePort + 10 * k, tcp: basePort + 10 * k + 1, inter: basePort + 10 * k + 2 }));
  const procs: ChildProcess[] = [];
  const stop = async () => {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGTERM');
    await Promise.all(procs.map((p) => (p.exitCode !== null ? null : new Promise((r) => {
      const t = setTimeout(() => { p.kill('SIGKILL'); r(null); }, 10_000);
      p.once('exit', () => { clearTimeout(t); r(null); });
    }))));
    if (!dir) rmSync(root, { recursive: true, force: true });
  };
  try {
    for (const [k, p] of ports.entries()) {
      const d = join(root, `shard${k + 1}`);
      for (const sub of ['data', 'tmp', 'user_files', 'format_schemas']) mkdirSync(join(d, sub), { recursive: true });
      writeFileSync(join(d, 'users.xml'), USERS);
      writeFileSync(join(d, 'config.xml'), config(d, p, ports));
      const proc = spawn(bin, ['--config-file', join(d, 'config.xml')], { cwd: d, stdio: ['ignore', 'ignore', 'pipe'] });
      proc.stderr.on('data', () => undefined);
      procs.push(proc);
    }
    const http = ports.map((p) => `http://127.0.0.1:${p.http}`);
    await Promise.all(http.map((u, k) => waitUp(u, 60_000, procs[k])));
    return { dir: root, cluster: 'harbinger', http, pids: procs.map((p) => p.pid!), stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name: string, def: string | undefined) => {
    const i = process.argv.indexOf(name);
    return i < 0 ? def : process.argv[i + 1];
  };
  const c = await startCluster({ shards: Number(arg('--shards', '2')), basePort: Number(arg('--base-port', '19100')), dir: arg('--dir', undefined) });
  process.stdout.write(JSON.stringify({ dir: c.dir, cluster: c.cluster, http: c.http, pids: c.pids }) + '\n');
  const bye = async () => { await c.stop(); process.exit(0); };
  process.on('SIGINT', bye);
  process.on('SIGTERM', bye);
}

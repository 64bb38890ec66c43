/** The ClickHouse options are checked before anything connects: each mistake is named, exit code 2. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const harbinger = (...args: string[]) => {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/harbinger.mjs'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr };
};

describe('ClickHouse options', () => {
  it.each([
    [['load', 'a.log'], /--clickhouse URL is required/],
    [['load', '--clickhouse', 'http://127.0.0.1:1', 'a.log'], /--table T is required/],
    [['load', '--clickhouse', 'http://127.0.0.1:1', '--table', 't', '--cluster', 'c', 'a.log'], /--cluster and --shards go with --create/],
    [['load', '--clickhouse', 'http://127.0.0.1:1', '--table', 't', '--create', '--cluster', 'c', 'a.log'], /--cluster NAME needs --shards/],
    [['load', '--clickhouse', 'ftp://x', '--table', 't', 'a.log'], /invalid --clickhouse URL: "ftp:\/\/x" \(http or https\)/],
    [['evaluate', '--clickhouse', 'http://127.0.0.1:1', '--labels', 'l.csv'], /--table T is required with --clickhouse/],
    [['evaluate', '--clickhouse', 'http://127.0.0.1:1', '--table', 't', '--from', 'yesterday', '--labels', 'l.csv'], /invalid --from "yesterday"/],
    [['evaluate', 'a.log', '--windows', 'w.csv', '--labels', 'l.csv'], /give one of: log files, --clickhouse URL --table T, --windows FILE/],
    [['evaluate', '--table', 't', 'a.log', '--labels', 'l.csv'], /--table goes with --clickhouse URL/],
    [['features', 'a.log', '--out', 'w.json'], /--out FILE\.parquet or FILE\.csv is required/],
  ])('harbinger %j', (args, message) => {
    const r = harbinger(...(args as string[]));
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.code).not.toBe(0);
  });
});

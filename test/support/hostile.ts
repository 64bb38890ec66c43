/** The hostile corpus for SQL and links (test/fixtures/hostile/), for Node tests and e2e. */
import { readFileSync } from 'node:fs';
import type { Row } from '../../lib/db/db';
import { defaultSpec } from '../../lib/spec/defaults';
import type { ExperimentSpec } from '../../lib/spec/schema';
import { MAX_SQL_CELLS } from '../../lib/sql/cells';

export interface HostileQuery {
  name: string;
  query: string;
  /** refused before running · DuckDB's error · cut at the row cap · runs and gives `rows` */
  expect: 'refused' | 'error' | 'capped' | 'runs';
  /** part of the message for 'refused' and 'error' */
  message?: string;
  /** the rows for 'runs' */
  rows?: Row[];
}

export interface HostileLink {
  name: string;
  hash: string;
  kind: 'tampered' | 'newer-version' | 'oversized' | 'invalid';
}

const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../fixtures/hostile/${name}`, import.meta.url), 'utf8')) as T;

export const hostileQueries = (): HostileQuery[] => read('sql-queries.json');
export const hostileLinks = (): HostileLink[] => read('links.json');

/** The corpus as SQL cells of the default experiment, `perLink` cells (at most 20) per spec. */
export function corpusSpecs(perLink = MAX_SQL_CELLS): { spec: ExperimentSpec; queries: HostileQuery[] }[] {
  const corpus = hostileQueries();
  const out: { spec: ExperimentSpec; queries: HostileQuery[] }[] = [];
  for (let i = 0; i < corpus.length; i += perLink) {
    const queries = corpus.slice(i, i + perLink);
    const sql = queries.map((c, k) => ({ id: `h${i + k}`, query: c.query, chart: { mark: 'none' as const, x: null, y: null, color: null } }));
    out.push({ spec: { ...defaultSpec(), sql }, queries });
  }
  return out;
}

/** Builds the parser (and its batch sink) for a format. */
import { assertNever } from '../util/assert-never';
import { createAccessParser } from './access';
import { createAuthParser } from './auth';
import { AuthBuilder, MetricBuilder, RequestBuilder } from './batch';
import { createJsonlParser } from './jsonl';
import { createMetricsCsvParser } from './metrics-csv';
import { type LineParser } from './parser';
import type { LogFormat, ParseOptions } from './types';

export interface ParserSetup extends Pick<ParseOptions, 'year' | 'latencyUnit'> {
  /** file name, stored in every row's `source` unless the data names one */
  source: string;
  /** rows per batch */
  batchSize: number;
}

export function createParser(format: LogFormat, setup: ParserSetup): LineParser {
  const { source, batchSize } = setup;
  switch (format) {
    case 'combined':
    case 'common':
      return createAccessParser(format, new RequestBuilder(source, batchSize), { latencyUnit: setup.latencyUnit });
    case 'auth':
      return createAuthParser(new AuthBuilder(source, batchSize), { year: setup.year });
    case 'jsonl':
      return createJsonlParser(new RequestBuilder(source, batchSize));
    case 'metrics-csv':
      return createMetricsCsvParser(new MetricBuilder(batchSize), source);
    default:
      return assertNever(format);
  }
}

/** The shape every format parser has; the driver and detection only talk to this. */
import type { BatchSink } from './batch';
import type { LogFormat, TableName } from './types';

/** Returned by `parse` for a line that was loaded but is damaged; the reason goes to the report. */
export interface ParseWarning {
  warning: string;
}

export interface LineParser {
  readonly format: LogFormat;
  readonly table: TableName;
  /**
   * Whether a blank line is a reject (line-oriented logs never write an empty record, so one
   * means damage) or skipped silently (trailing blank lines are normal in JSON lines and CSV).
   * Skipped blank lines still count in the report's `lines`.
   */
  readonly blankIsReject: boolean;
  readonly sink: BatchSink;
  /** Appends the line's rows to `sink`: true = parsed, false = skipped (a CSV header), string = reject reason, ParseWarning = parsed with a warning. */
  parse(line: string): boolean | string | ParseWarning;
}


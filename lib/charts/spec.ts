/**
 * A chart as plain data: Observable Plot's top-level options and its marks as (kind, data,
 * options) triples, with every channel a field name or a constant, never a function. lib/ builds
 * these without the DOM (and Node tests can pin them); app/components/plot-spec.ts turns one into
 * Plot's options, one Plot call per mark.
 */

export type MarkKind = 'rectX' | 'ruleX' | 'ruleY' | 'line' | 'dot';

/** A channel: the name of a field of each datum, or a constant (a CSS colour is a constant for Plot). */
type ChannelValue = string | number;

export interface MarkSpec {
  mark: MarkKind;
  /** rows, or plain values for rules (a Date for ruleX, a number for ruleY) */
  data: readonly (object | number)[];
  options: Readonly<Record<string, ChannelValue>>;
}

export interface ScaleSpec {
  type?: 'utc' | 'linear' | 'symlog';
  label?: string | null;
  grid?: boolean;
  nice?: boolean;
  domain?: readonly (number | string)[];
  range?: readonly string[];
  legend?: boolean;
}

export interface ChartSpec {
  height: number;
  marginLeft: number;
  x: ScaleSpec;
  y: ScaleSpec;
  color?: ScaleSpec;
  marks: MarkSpec[];
}

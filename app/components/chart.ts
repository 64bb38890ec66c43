import * as Plot from '@observablehq/plot';
import { assertNever } from '@/lib/util/assert-never';
import type { ChartSpec, MarkSpec } from '@/lib/charts/spec';

/** Plot's marks for lib/charts' mark specs (one Plot call each). */
export function plotMarks(marks: readonly MarkSpec[]): Plot.Markish[] {
  return marks.map(({ mark, data, options }) => {
    switch (mark) {
      case 'rectX':
        return Plot.rectX(data, options);
      case 'ruleX':
        return Plot.ruleX(data, options);
      case 'ruleY':
        return Plot.ruleY(data, options);
      case 'line':
        return Plot.line(data, options);
      case 'dot':
        return Plot.dot(data, options);
      default:
        return assertNever(mark);
    }
  });
}

/** Plot's options for a lib/charts chart, ready for PlotFigure. */
export function plotOptions(spec: ChartSpec): Plot.PlotOptions {
  const { marks, x, y, color, ...rest } = spec;
  return { ...rest, x: { ...x }, y: { ...y }, ...(color ? { color: { ...color } } : {}), marks: plotMarks(marks) };
}

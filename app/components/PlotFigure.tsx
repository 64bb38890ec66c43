'use client';
import { useEffect, useRef } from 'react';
import * as Plot from '@observablehq/plot';

type PlotElement = ReturnType<typeof Plot.plot>;

/**
 * Renders an Observable Plot figure. `onPlot` gets the rendered element (to read scales, e.g.
 * for the time brush). Plot escapes text it draws, so log content in labels stays text.
 */
export function PlotFigure({ options, onPlot, label }: { options: Plot.PlotOptions; onPlot?: (plot: PlotElement | null) => void; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const host = ref.current;
    if (!host) return;
    let plot: PlotElement | null = null;
    // Each figure draws in its own task, so a page of charts (a finished evaluation draws one per
    // detector) never blocks a keystroke for longer than one chart takes.
    const task = setTimeout(() => {
      plot = Plot.plot(options);
      host.replaceChildren(plot);
      onPlot?.(plot);
    });
    return () => {
      clearTimeout(task);
      if (plot) {
        onPlot?.(null);
        plot.remove();
      }
    };
  }, [options, onPlot]);
  return <div ref={ref} role="img" aria-label={label} />;
}

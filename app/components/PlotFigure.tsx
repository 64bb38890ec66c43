'use client';
import { useEffect, useRef } from 'react';
import * as Plot from '@observablehq/plot';

type PlotElement = ReturnType<typeof Plot.plot>;

/**
 * Figures waiting to be drawn, one per frame: a page of new charts (one per feature or detector)
 * then reaches the screen over a few frames instead of in one, so each frame's layout and raster
 * stay small and a key pressed meanwhile waits for at most one chart.
 */
const waiting: (() => void)[] = [];
let scheduled = false;
function drawNext(): void {
  scheduled = false;
  const draw = waiting.shift();
  draw?.();
  if (waiting.length > 0) schedule();
}
function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  // after the next frame, in a task of its own (input is handled between tasks)
  requestAnimationFrame(() => setTimeout(drawNext));
}

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
    // Each figure draws in its own task after a frame of its own, so a page of charts (a finished
    // evaluation draws one per detector) never blocks a keystroke for longer than one chart takes.
    const draw = () => {
      plot = Plot.plot(options);
      host.replaceChildren(plot);
      onPlot?.(plot);
    };
    waiting.push(draw);
    schedule();
    return () => {
      const i = waiting.indexOf(draw);
      if (i >= 0) waiting.splice(i, 1);
      if (plot) {
        onPlot?.(null);
        plot.remove();
      }
    };
  }, [options, onPlot]);
  return <div ref={ref} role="img" aria-label={label} />;
}

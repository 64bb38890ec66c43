'use client';
import { useCallback, useRef, useState, type PointerEvent, type ReactNode } from 'react';
import type * as Plot from '@observablehq/plot';

type PlotElement = ReturnType<typeof Plot.plot>;
export interface Range { from: number; to: number }

/**
 * Drag across the chart to select a time range (pixel → time through the plot's x scale).
 * Dragging previews; releasing commits. A click without a drag clears nothing (use Reset).
 * Capture-phase handlers: Plot's tip interaction stops pointer events on the svg.
 */
export function TimeBrush({ children, onBrush, onPlotRef }: { children: (onPlot: (p: PlotElement | null) => void) => ReactNode; onBrush: (r: Range) => void; onPlotRef?: (p: PlotElement | null) => void }) {
  const plot = useRef<PlotElement | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ x0: number; x1: number } | null>(null);

  const onPlot = useCallback(
    (p: PlotElement | null) => {
      plot.current = p;
      onPlotRef?.(p);
    },
    [onPlotRef],
  );

  function toTime(px: number): number | null {
    const x = plot.current?.scale('x');
    if (!x || !x.domain || !x.range) return null;
    const [d0, d1] = (x.domain as (Date | number)[]).map(Number);
    const [r0, r1] = x.range as number[];
    const clamped = Math.min(Math.max(px, Math.min(r0, r1)), Math.max(r0, r1));
    return d0 + ((clamped - r0) / (r1 - r0)) * (d1 - d0);
  }

  /** The chart's own svg: with a legend, Plot returns a figure whose swatches are small svgs before it. */
  function chartSvg(): Element | null {
    const all = box.current?.querySelectorAll('svg');
    return all && all.length ? all[all.length - 1] : null;
  }

  /** Pointer x in the chart svg's pixel space (the space of the x scale's range). */
  function localX(e: PointerEvent): number {
    const rect = (chartSvg() ?? box.current)!.getBoundingClientRect();
    return e.clientX - rect.left;
  }

  /** Offset of the chart svg inside the brush box, to draw the selection over it. */
  function svgOffset(): number {
    const svg = chartSvg();
    if (!svg || !box.current) return 0;
    return svg.getBoundingClientRect().left - box.current.getBoundingClientRect().left;
  }

  return (
    <div
      ref={box}
      className="brush"
      data-testid="time-brush"
      style={{ cursor: 'crosshair', touchAction: 'none' }}
      onPointerDownCapture={(e) => {
        if (e.button !== 0) return;
        (e.currentTarget as HTMLDivElement).setPointerCapture(e.pointerId);
        const x = localX(e);
        setDrag({ x0: x, x1: x });
      }}
      onPointerMoveCapture={(e) => drag && setDrag({ ...drag, x1: localX(e) })}
      onPointerUpCapture={(e) => {
        if (!drag) return;
        const x1 = localX(e);
        setDrag(null);
        if (Math.abs(x1 - drag.x0) < 4) return;
        const a = toTime(Math.min(drag.x0, x1));
        const b = toTime(Math.max(drag.x0, x1));
        if (a !== null && b !== null && b > a) onBrush({ from: Math.floor(a), to: Math.ceil(b) });
      }}
    >
      {children(onPlot)}
      {drag ? <div className="sel" style={{ left: svgOffset() + Math.min(drag.x0, drag.x1), width: Math.abs(drag.x1 - drag.x0) }} /> : null}
    </div>
  );
}

'use client';
import { useCallback, useRef, useState, type PointerEvent, type ReactNode } from 'react';
import type * as Plot from '@observablehq/plot';

type PlotElement = ReturnType<typeof Plot.plot>;
export interface Range { from: number; to: number }

/**
 * Drag across the chart to select a time range (pixel → time through the plot's x scale).
 * Dragging previews; releasing commits. A click without a drag clears nothing (use Reset).
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

  function localX(e: PointerEvent): number {
    const svg = box.current?.querySelector('svg');
    const rect = (svg ?? box.current)!.getBoundingClientRect();
    return e.clientX - rect.left;
  }

  return (
    <div
      ref={box}
      className="brush"
      data-testid="time-brush"
      style={{ cursor: 'crosshair', touchAction: 'none' }}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        (e.currentTarget as HTMLDivElement).setPointerCapture(e.pointerId);
        const x = localX(e);
        setDrag({ x0: x, x1: x });
      }}
      onPointerMove={(e) => drag && setDrag({ ...drag, x1: localX(e) })}
      onPointerUp={(e) => {
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
      {drag ? <div className="sel" style={{ left: Math.min(drag.x0, drag.x1), width: Math.abs(drag.x1 - drag.x0) }} /> : null}
    </div>
  );
}

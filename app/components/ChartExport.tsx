'use client';
import { useState } from 'react';
import { downloadBlob } from './download';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A clone of a plot's svg at its drawn size; the inline size beats Plot's responsive CSS (max-width 100 %, height auto). */
function sized(el: SVGSVGElement, s: { width: number; height: number }, y = 0): SVGSVGElement {
  const clone = el.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('y', String(y));
  clone.setAttribute('width', String(s.width));
  clone.setAttribute('height', String(s.height));
  clone.style.width = `${s.width}px`;
  clone.style.height = `${s.height}px`;
  clone.style.maxWidth = 'none';
  return clone;
}

function size(el: Element): { width: number; height: number } {
  const w = Number(el.getAttribute('width'));
  const h = Number(el.getAttribute('height'));
  const box = el.getBoundingClientRect();
  return { width: w > 0 ? w : Math.ceil(box.width), height: h > 0 ? h : Math.ceil(box.height) };
}

function text(x: number, y: number, s: string, weight = 'normal'): SVGTextElement {
  const t = document.createElementNS(SVG_NS, 'text');
  t.setAttribute('x', String(x));
  t.setAttribute('y', String(y));
  t.setAttribute('font-family', 'system-ui, sans-serif');
  t.setAttribute('font-size', '12');
  t.setAttribute('font-weight', weight);
  t.textContent = s;
  return t;
}

/**
 * A self-contained SVG of a chart rendered by PlotFigure: the plot's `<svg>` itself, or, for a
 * `<figure>` (plot + legends + title), every part stacked top to bottom — inner SVGs as they are,
 * HTML swatch legends redrawn as colour squares with their labels, any other text as a line.
 */
function chartSvg(el: Element): { svg: string; width: number; height: number } {
  const root = document.createElementNS(SVG_NS, 'svg');
  let width = 0;
  let height = 0;
  if (el instanceof SVGSVGElement) {
    const s = size(el);
    root.appendChild(sized(el, s));
    ({ width, height } = s);
  } else {
    for (const part of Array.from(el.children)) {
      if (part instanceof SVGSVGElement) {
        const s = size(part);
        root.appendChild(sized(part, s, height));
        width = Math.max(width, s.width);
        height += s.height;
        continue;
      }
      const swatches = Array.from(part.querySelectorAll('svg')).map((sw) => ({
        fill: sw.getAttribute('fill') ?? sw.querySelector('[fill]')?.getAttribute('fill') ?? 'currentColor',
        label: (sw.parentElement?.textContent ?? '').trim(),
      }));
      if (swatches.length > 0) {
        let x = 0;
        height += 4;
        for (const sw of swatches) {
          const r = document.createElementNS(SVG_NS, 'rect');
          r.setAttribute('x', String(x));
          r.setAttribute('y', String(height));
          r.setAttribute('width', '12');
          r.setAttribute('height', '12');
          r.setAttribute('fill', sw.fill);
          root.appendChild(r);
          root.appendChild(text(x + 16, height + 10, sw.label));
          x += 24 + sw.label.length * 7;
        }
        width = Math.max(width, x);
        height += 20;
      } else if (part.textContent?.trim()) {
        const heading = /^H\d$/.test(part.tagName);
        height += 16;
        root.appendChild(text(0, height, part.textContent.trim(), heading ? 'bold' : 'normal'));
        width = Math.max(width, part.textContent.trim().length * 7);
        height += 4;
      }
    }
  }
  if (width === 0 || height === 0) throw new Error('the chart has not been drawn yet');
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  root.setAttribute('style', 'background: white; color: #1b1f24');
  return { svg: new XMLSerializer().serializeToString(root), width, height };
}

/** A PNG of the chart at `scale`× on white, drawn from its SVG. */
async function chartPng(el: Element, scale = 2): Promise<Blob> {
  const { svg, width, height } = chartSvg(el);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser has no 2D canvas');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas could not be encoded as PNG'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * SVG and PNG download buttons for a chart. `chart` is the element PlotFigure hands to `onPlot`
 * (null while it draws); `name` is the file name without extension.
 */
export function ChartExport({ chart, name, testId = 'export-chart' }: { chart: Element | null; name: string; testId?: string }) {
  const [error, setError] = useState<string | null>(null);
  const run = (f: (el: Element) => Promise<void> | void) => async () => {
    if (!chart) return;
    setError(null);
    try {
      await f(chart);
    } catch (e) {
      setError(`Export failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <span className="row small" style={{ gap: 6 }}>
      <button type="button" disabled={!chart} data-testid={`${testId}-svg`} onClick={run((el) => downloadBlob(`${name}.svg`, new Blob([chartSvg(el).svg], { type: 'image/svg+xml' })))}>
        SVG
      </button>
      <button type="button" disabled={!chart} data-testid={`${testId}-png`} onClick={run(async (el) => downloadBlob(`${name}.png`, await chartPng(el)))}>
        PNG
      </button>
      {error ? (
        <span className="msg error" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}

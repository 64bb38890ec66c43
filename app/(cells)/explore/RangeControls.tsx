'use client';
import { useId, useState } from 'react';
import { fmtTs } from '@/app/components/format';
import type { Range } from './TimeBrush';

function parseUtc(text: string): number | null {
  const t = text.trim();
  if (!t) return null;
  const iso = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?Z?$/.test(t) ? `${t.replace(' ', 'T').replace(/Z$/, '')}Z` : null;
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(ms) ? ms : null;
}

/** Keyboard path to the time brush: type a UTC range, apply, or reset to all data. */
export function RangeControls({ range, onRange }: { range: Range | null; onRange: (r: Range | null) => void }) {
  const fromId = useId();
  const toId = useId();
  const [from, setFrom] = useState(range ? fmtTs(range.from) : '');
  const [to, setTo] = useState(range ? fmtTs(range.to) : '');
  const [problem, setProblem] = useState<string | null>(null);
  const [shown, setShown] = useState(range);
  if (shown !== range) {
    // the range changed elsewhere (brush, back button): show it
    setShown(range);
    setFrom(range ? fmtTs(range.from) : '');
    setTo(range ? fmtTs(range.to) : '');
  }
  function apply() {
    const a = parseUtc(from);
    const b = parseUtc(to);
    if (a === null || b === null) return setProblem('Write times as YYYY-MM-DD HH:MM:SS (UTC).');
    if (b <= a) return setProblem('The end must be after the start.');
    setProblem(null);
    onRange({ from: a, to: b });
  }
  return (
    <div className="row small" role="group" aria-label="Time range">
      <label htmlFor={fromId}>From (UTC)</label>
      <input id={fromId} size={20} value={from} placeholder="all data" onChange={(e) => setFrom(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && apply()} />
      <label htmlFor={toId}>To (UTC)</label>
      <input id={toId} size={20} value={to} placeholder="all data" onChange={(e) => setTo(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && apply()} />
      <button type="button" onClick={apply}>
        Apply range
      </button>
      <button type="button" onClick={() => onRange(null)} disabled={!range}>
        Reset range
      </button>
      <span className="muted">{range ? 'Filtering every panel' : 'Drag across the chart to filter every panel'}</span>
      {problem ? (
        <span className="msg error" role="alert">
          {problem}
        </span>
      ) : null}
    </div>
  );
}

import { fmtInt, fmtNum, fmtPct } from '@/app/components/format';

function fmtBytes(n: number): string {
  const a = Math.abs(n);
  if (a < 1024) return `${fmtInt(n)} B`;
  if (a < 1024 ** 2) return `${fmtNum(n / 1024, 1)} KiB`;
  if (a < 1024 ** 3) return `${fmtNum(n / 1024 ** 2, 1)} MiB`;
  return `${fmtNum(n / 1024 ** 3, 2)} GiB`;
}

/** A feature value with its unit (lib/features/catalogue units; `Δ <unit>` for changes, signed). */
export function fmtFeature(v: number, unit: string): string {
  if (!Number.isFinite(v)) return '–';
  if (unit.startsWith('Δ ')) {
    const s = fmtFeature(v, unit.slice(2));
    return v > 0 ? `+${s}` : s;
  }
  switch (unit) {
    case 'count':
      return Number.isInteger(v) ? fmtInt(v) : fmtNum(v, 2);
    case 'ratio 0–1':
      return fmtPct(v, 1);
    case 'ms':
      return Math.abs(v) >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(Math.abs(v) < 10 ? 2 : 0)} ms`;
    case 'bytes':
      return fmtBytes(v);
    default:
      // metric gauges: the unit is the metric's own name, shown in the header
      return Math.abs(v) >= 1000 ? fmtNum(v, 0) : fmtNum(v, 2);
  }
}

/** The unit as a chart axis or table header shows it. */
export function unitLabel(unit: string): string {
  return unit.replace('ratio 0–1', 'share');
}

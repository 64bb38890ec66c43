'use client';
import type { Row } from '@/lib/db/db';
import { fmtInt, num, str } from '@/app/components/format';

/** Per-UTC-day table shared by requests and auth events (see lib/explore/daily.ts). */
export function DailyTable({ rows, errorsLabel, bruteForce }: { rows: Row[]; errorsLabel: string; bruteForce: boolean }) {
  return (
    <table className="data">
      <thead>
        <tr>
          <th>Day (UTC)</th>
          <th className="num">Total</th>
          <th className="num">{errorsLabel}</th>
          <th className="num">Unique IPs</th>
          <th className="num">Peak hour</th>
          <th className="num">Peak count</th>
          <th>Top 3 IPs</th>
          {bruteForce ? <th className="num">Brute-force IPs</th> : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={str(r.day)}>
            <td>{str(r.day)}</td>
            <td className="num">{fmtInt(num(r.events))}</td>
            <td className="num">{fmtInt(num(r.errors))}</td>
            <td className="num">{fmtInt(num(r.unique_ips))}</td>
            <td className="num">{String(num(r.peak_hour) ?? '–').padStart(2, '0')}:00</td>
            <td className="num">{fmtInt(num(r.peak_count))}</td>
            <td>{str(r.top_ips)}</td>
            {bruteForce ? <td className="num">{fmtInt(num(r.brute_force_ips))}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

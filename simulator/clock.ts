/**
 * Timestamp text without a Date object per line: calendar maths once per day, two-digit tables
 * for the clock, and the last formatted second cached (lines arrive in time order, many per second).
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TWO = Array.from({ length: 60 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));

export interface Civil {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

/** Calendar date of a day number since 1970-01-01 (H. Hinnant's civil_from_days). */
export function civilFromDays(days: number): Civil {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: era * 400 + yoe + (month <= 2 ? 1 : 0), month, day };
}

function clockText(secOfDay: number): string {
  const h = Math.floor(secOfDay / 3600);
  const m = Math.floor((secOfDay % 3600) / 60);
  return `${TWO[h]}:${TWO[m]}:${TWO[secOfDay % 60]}`;
}

/** `2024-03-07T13:06:56Z` for epoch seconds. */
export function isoSeconds(sec: number): string {
  const days = Math.floor(sec / 86_400);
  const c = civilFromDays(days);
  return `${c.year}-${TWO[c.month]}-${TWO[c.day]}T${clockText(sec - days * 86_400)}Z`;
}

/** `+0100` / `-0530` for minutes east of UTC. */
export function offsetText(offsetMin: number): string {
  const a = Math.abs(offsetMin);
  return `${offsetMin < 0 ? '-' : '+'}${TWO[Math.floor(a / 60)]}${TWO[a % 60]}`;
}

/** nginx `$time_local` without brackets: `07/Mar/2024:13:06:56 +0000`, in the given offset. */
export class ClfClock {
  private readonly offsetSec: number;
  private readonly zone: string;
  private day = NaN;
  private dayPrefix = '';
  private second = NaN;
  private text = '';

  constructor(offsetMin: number) {
    this.offsetSec = offsetMin * 60;
    this.zone = ` ${offsetText(offsetMin)}`;
  }

  format(sec: number): string {
    if (sec === this.second) return this.text;
    const local = sec + this.offsetSec;
    const day = Math.floor(local / 86_400);
    if (day !== this.day) {
      const c = civilFromDays(day);
      this.day = day;
      this.dayPrefix = `${TWO[c.day]}/${MONTHS[c.month - 1]}/${c.year}:`;
    }
    this.second = sec;
    this.text = this.dayPrefix + clockText(local - day * 86_400) + this.zone;
    return this.text;
  }
}

/** BSD syslog (RFC 3164) time as rsyslog writes it: `Mar  7 13:06:56` (day padded with a space), UTC. */
export class SyslogClock {
  private day = NaN;
  private dayPrefix = '';
  private second = NaN;
  private text = '';

  format(sec: number): string {
    if (sec === this.second) return this.text;
    const day = Math.floor(sec / 86_400);
    if (day !== this.day) {
      const c = civilFromDays(day);
      this.day = day;
      this.dayPrefix = `${MONTHS[c.month - 1]} ${c.day < 10 ? ' ' : ''}${c.day} `;
    }
    this.second = sec;
    this.text = this.dayPrefix + clockText(sec - day * 86_400);
    return this.text;
  }
}

/** The simulated interval in epoch seconds, end exclusive. */
export function spanOf(s: { start: number; days: number }): { startSec: number; endSec: number } {
  const startSec = Math.floor(s.start / 1000);
  return { startSec, endSec: startSec + Math.round(s.days * 86_400) };
}

/** Local day of week (0 = Sunday) and second of the day, for an offset in minutes east of UTC. */
export function localTime(sec: number, offsetMin: number): { dow: number; secOfDay: number } {
  const local = sec + offsetMin * 60;
  const day = Math.floor(local / 86_400);
  // 1970-01-01 was a Thursday
  return { dow: (((day + 4) % 7) + 7) % 7, secOfDay: local - day * 86_400 };
}

/** Whether `sec` falls in a daily local window starting `atMin` minutes after midnight (it may run past midnight). */
export function inDailyWindow(sec: number, offsetMin: number, atMin: number, durationMin: number): boolean {
  const { secOfDay } = localTime(sec, offsetMin);
  return (secOfDay - atMin * 60 + 86_400) % 86_400 < durationMin * 60;
}

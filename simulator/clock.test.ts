import { describe, expect, it } from 'vitest';
import { ClfClock, SyslogClock, civilFromDays, inDailyWindow, isoSeconds, localTime, offsetText } from './clock';

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** The same text made the slow way, with Date. */
function viaDate(sec: number, offsetMin: number) {
  const d = new Date((sec + offsetMin * 60) * 1000);
  const clock = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return {
    clf: `${two(d.getUTCDate())}/${MON[d.getUTCMonth()]}/${d.getUTCFullYear()}:${clock} ${offsetText(offsetMin)}`,
    syslog: `${MON[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${clock}`,
    iso: d.toISOString().replace('.000Z', 'Z'),
  };
}

describe('clock', () => {
  it('matches Date on a spread of seconds, leap days and year ends included', () => {
    const secs = [0, 951_782_400, 1_709_164_799, 1_709_164_800, 1_703_980_799, 1_703_980_800, 4_102_444_800];
    for (let k = 0; k < 500; k++) secs.push(1_600_000_000 + k * 7_777_777);
    for (const off of [0, 60, 330, -300, -720, 840]) {
      const clf = new ClfClock(off);
      const sys = new SyslogClock();
      for (const sec of secs) {
        const want = viaDate(sec, off);
        expect(clf.format(sec)).toBe(want.clf);
        if (off === 0) {
          expect(sys.format(sec)).toBe(want.syslog);
          expect(isoSeconds(sec)).toBe(want.iso);
        }
      }
    }
  });

  it('pads syslog days with a space, as rsyslog does', () => {
    expect(new SyslogClock().format(Date.UTC(2024, 2, 7, 13, 6, 56) / 1000)).toBe('Mar  7 13:06:56');
    expect(new SyslogClock().format(Date.UTC(2024, 2, 17, 1, 2, 3) / 1000)).toBe('Mar 17 01:02:03');
  });

  it('writes offsets as ±hhmm', () => {
    expect([0, 60, 330, -300, -570].map(offsetText)).toEqual(['+0000', '+0100', '+0530', '-0500', '-0930']);
  });

  it('converts day numbers like Date', () => {
    for (let d = -800; d < 80_000; d += 97) {
      const t = new Date(d * 86_400_000);
      expect(civilFromDays(d)).toEqual({ year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() });
    }
  });

  it('gives local weekday and time of day, and daily windows across midnight', () => {
    const mon = Date.UTC(2024, 2, 4) / 1000;
    expect(localTime(mon, 0)).toEqual({ dow: 1, secOfDay: 0 });
    expect(localTime(mon, -60)).toEqual({ dow: 0, secOfDay: 23 * 3600 });
    expect(inDailyWindow(mon + 23.5 * 3600, 0, 23 * 60, 60)).toBe(true);
    expect(inDailyWindow(mon + 0.25 * 3600, 0, 23 * 60, 60)).toBe(false);
    expect(inDailyWindow(mon + 0.25 * 3600, 0, 23 * 60 + 30, 60)).toBe(true);
  });
});

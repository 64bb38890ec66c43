import { describe, expect, it } from 'vitest';
import { alarmSpan, confirmAlarm, dismissAlarm, reviewCounts, reviewOf, undoReview, MAX_REVIEWS, type AlarmReview } from './review';
import type { LabelSpan } from './file';
import { specSchema } from '../spec/schema';
import { decodeSpec, specToHash } from '../spec/url';

const H = 3_600_000;
const T0 = Date.UTC(2024, 2, 5);
const label: LabelSpan = { start: T0 + 10 * H, end: T0 + 11 * H, kind: 'outage', phase: 'failure' };

describe('alarmSpan', () => {
  it("runs from the first window's start to the last window's end", () => {
    const starts = [0, 60_000, 120_000, 180_000];
    expect(alarmSpan(starts, 1, 2, 60_000)).toEqual({ start: 60_000, end: 180_000 });
    expect(alarmSpan(starts, 3, 3, 60_000)).toEqual({ start: 180_000, end: 240_000 });
  });
  it('refuses windows outside the frame', () => {
    expect(() => alarmSpan([0, 1], 1, 2, 60_000)).toThrow('invalid alarm windows: 1..2 of 2');
    expect(() => alarmSpan([0, 1], 1, 0, 60_000)).toThrow('invalid alarm windows');
  });
});

describe('confirm / dismiss', () => {
  const alarm = { start: T0 + 2 * H, end: T0 + 2 * H + 300_000, detector: 'ewma' as const };

  it('a confirmed alarm becomes a failure label, in time order, and is recorded', () => {
    const r = confirmAlarm([label], undefined, alarm, 'db-outage');
    expect(r.labels).toEqual([{ start: alarm.start, end: alarm.end, kind: 'db-outage', phase: 'failure' }, label]);
    expect(r.reviews).toEqual([{ ...alarm, verdict: 'incident' }]);
    expect(reviewCounts(r.reviews)).toEqual({ confirmed: 1, dismissed: 0 });
  });

  it('a dismissal is recorded and adds no label', () => {
    const reviews = dismissAlarm(undefined, alarm);
    expect(reviews).toEqual([{ ...alarm, verdict: 'false-alarm' }]);
    expect(reviewCounts(reviews)).toEqual({ confirmed: 0, dismissed: 1 });
  });

  it('a new verdict on the same alarm replaces the old one', () => {
    const dismissed = dismissAlarm(undefined, alarm);
    const confirmed = confirmAlarm([], dismissed, alarm, 'x');
    expect(confirmed.reviews).toHaveLength(1);
    expect(confirmed.reviews[0].verdict).toBe('incident');
    expect(dismissAlarm(confirmed.reviews, alarm)).toEqual([{ ...alarm, verdict: 'false-alarm' }]);
  });

  it('confirming twice does not label the span twice', () => {
    const once = confirmAlarm([], undefined, alarm, 'x');
    expect(confirmAlarm(once.labels, once.reviews, alarm, 'x').labels).toHaveLength(1);
  });

  it('refuses a kind the spec does not take', () => {
    expect(() => confirmAlarm([], [], alarm, 'slow checkout')).toThrow('kind "slow checkout": expected 1–40 letters');
  });

  it('undoing a confirmation removes the label it added, not the others', () => {
    const r = confirmAlarm([label], undefined, alarm, 'x');
    const back = undoReview(r.labels, r.reviews, r.reviews[0]);
    expect(back).toEqual({ labels: [label], reviews: [] });
    const d = dismissAlarm(undefined, alarm);
    expect(undoReview([label], d, d[0])).toEqual({ labels: [label], reviews: [] });
  });

  it('a link carries at most MAX_REVIEWS', () => {
    const many: AlarmReview[] = Array.from({ length: MAX_REVIEWS }, (_, i) => ({ start: i * 2, end: i * 2 + 1, detector: 'ewma', verdict: 'false-alarm' }));
    expect(() => dismissAlarm(many, alarm)).toThrow(`${MAX_REVIEWS} alarms are reviewed already`);
  });
});

describe('reviewOf', () => {
  const reviews: AlarmReview[] = [
    { start: 100, end: 200, detector: 'ewma', verdict: 'false-alarm' },
    { start: 150, end: 400, detector: 'robust-z', verdict: 'incident' },
  ];
  it('finds the same alarm first, then the latest overlapping review', () => {
    expect(reviewOf(reviews, { start: 100, end: 200, detector: 'ewma' })?.verdict).toBe('false-alarm');
    expect(reviewOf(reviews, { start: 120, end: 180, detector: 'ewma' })?.verdict).toBe('incident');
    expect(reviewOf(reviews, { start: 50, end: 120, detector: 'ensemble' })?.detector).toBe('ewma');
    expect(reviewOf(reviews, { start: 400, end: 500, detector: 'ewma' })).toBeNull();
    expect(reviewOf(undefined, { start: 0, end: 1, detector: 'ewma' })).toBeNull();
  });
});

describe('reviews in the spec', () => {
  const file = { name: 'a.log', size: 1, sha256: 'a'.repeat(64) };
  const source = (reviews: unknown) => ({ kind: 'upload', files: [file], reviews });

  it('ride in the link and come back equal', () => {
    const reviews = [{ start: T0, end: T0 + 60_000, detector: 'ewma', verdict: 'false-alarm' }];
    const spec = specSchema.parse({ v: 2, source: source(reviews) });
    const back = decodeSpec(specToHash(spec));
    expect(back.ok && back.spec.source.kind === 'upload' ? back.spec.source.reviews : null).toEqual(reviews);
  });

  it('are checked at the boundary', () => {
    for (const bad of [
      { start: T0, end: T0, detector: 'ewma', verdict: 'false-alarm' },
      { start: T0, end: T0 + 1, detector: 'nope', verdict: 'false-alarm' },
      { start: T0, end: T0 + 1, detector: 'ewma', verdict: 'maybe' },
    ]) {
      expect(specSchema.safeParse({ v: 2, source: source([bad]) }).success).toBe(false);
    }
  });
});

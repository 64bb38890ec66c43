/**
 * Alert rules: live scores and feature values in, alerts out, so that one incident is one alert.
 *
 * Sources: a detector at or above its threshold for `detectorWindows` consecutive windows; a
 * feature rule (`rate_5xx > 0.05` for 3 windows, `auth_top_ip_failures` summed over the last 10
 * minutes ≥ 20 — the busiest address of each window, so the sum bounds one address's failures
 * from above); the KNN predictor at its own warning level. A source that fired stays firing until
 * it has been quiet for `recoverAfter` windows (one flapping incident does not alert twice).
 *
 * De-duplication: alarm sources share one incident. The first source to fire opens it and alerts;
 * sources firing while it is open add nothing; when every source has recovered, one `recovery`
 * event closes it. Warnings (the predictor) are a track of their own. Cool-down: an incident that
 * opens within `coolDownMin` of the track's last alert opens silently (no alarm, no recovery).
 */
import type { Json } from '../util/json';
import { assertNever } from '../util/assert-never';
import { ENSEMBLE, type DetectorName } from '../eval/names';
import { featureRuleId, type AlertsSpec, type FeatureRule, type RuleOp } from '../spec/alerts';
import type { DetectorStep, LiveEvent } from './contract';

/** The alert rules as a bundle holds them: resolved against the run (concrete detectors, features it computed). */
export interface BundleAlerts {
  detectors: string[];
  detectorWindows: number;
  predictor: DetectorName | null;
  features: FeatureRule[];
  coolDownMin: number;
  recoverAfter: number;
}

/** The spec's rules against what a run has; what cannot apply is noted in `notes`, never dropped silently. */
export function resolveAlerts(
  spec: AlertsSpec,
  run: { features: readonly string[]; detectors: readonly DetectorName[]; roles: Record<string, 'anomaly' | 'predictor'>; ensemble: boolean },
  notes: string[],
): BundleAlerts {
  const anomaly = run.detectors.filter((d) => run.roles[d] === 'anomaly');
  const wanted = spec.detectors ?? (run.ensemble ? [ENSEMBLE] : anomaly);
  const detectors = wanted.filter((d) => {
    const ok = d === ENSEMBLE ? run.ensemble : anomaly.includes(d as DetectorName);
    if (!ok) notes.push(run.roles[d] === 'predictor' ? `alert rule on ${d} left out: the predictor warns through alerts.predictor` : `alert rule on ${d} left out: the bundle has no such trained detector`);
    return ok;
  });
  const predictor = run.detectors.find((d) => run.roles[d] === 'predictor') ?? null;
  const features = spec.features.filter((r) => {
    const ok = run.features.includes(r.feature);
    if (!ok) notes.push(`alert rule ${featureRuleId(r)} left out: the run did not compute feature ${r.feature}`);
    return ok;
  });
  return { detectors, detectorWindows: spec.detectorWindows, predictor: spec.predictor ? predictor : null, features, coolDownMin: spec.coolDownMin, recoverAfter: spec.recoverAfter };
}

/** One closed window, as the rules see it. */
export interface RuleWindow {
  start: number;
  end: number;
  /** raw feature values, in the bundle's feature order */
  values: Float64Array;
  detectors: readonly DetectorStep[];
}

type TopFeatures = LiveEvent['top_features'];

interface Source {
  id: string;
  track: 'alarm' | 'warning';
  need: number;
  /** the condition at this window, with the number it compares and the level it compares with */
  test(w: RuleWindow, st: SourceState): { on: boolean; score: number; threshold: number };
}

interface SourceState {
  [key: string]: number | boolean | number[];
  run: number;
  firing: boolean;
  quiet: number;
  recent: number[];
}

interface TrackState {
  [key: string]: string | number | boolean | null;
  open: boolean;
  opener: string | null;
  silent: boolean;
  lastAlertMs: number | null;
}

export interface AlertState {
  [key: string]: Json;
  sources: Record<string, SourceState>;
  tracks: Record<'alarm' | 'warning', TrackState>;
}

function compare(op: RuleOp, a: number, b: number): boolean {
  switch (op) {
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    default:
      return assertNever(op);
  }
}

function sourcesOf(alerts: BundleAlerts, features: readonly string[], windowMs: number): Source[] {
  const stepOf = (w: RuleWindow, name: string) => {
    const s = w.detectors.find((d) => d.detector === name);
    if (!s) throw new Error(`alert rules: no score for ${name} in this window`);
    return { on: s.firing, score: s.score, threshold: s.threshold };
  };
  const out: Source[] = alerts.detectors.map((name) => ({ id: name, track: 'alarm', need: alerts.detectorWindows, test: (w) => stepOf(w, name) }));
  for (const r of alerts.features) {
    const j = features.indexOf(r.feature);
    if (j < 0) throw new Error(`alert rule ${featureRuleId(r)}: feature ${r.feature} is not among the bundle's features`);
    const id = `rule:${featureRuleId(r)}`;
    switch (r.kind) {
      case 'feature':
        out.push({ id, track: 'alarm', need: r.windows, test: (w) => ({ on: compare(r.op, w.values[j], r.value), score: w.values[j], threshold: r.value }) });
        break;
      case 'feature-sum': {
        const span = Math.max(1, Math.ceil((r.minutes * 60_000) / windowMs));
        out.push({
          id,
          track: 'alarm',
          need: 1,
          test: (w, st) => {
            st.recent = [...st.recent, w.values[j]].slice(-span);
            const sum = st.recent.reduce((a, b) => a + b, 0);
            return { on: sum >= r.atLeast, score: sum, threshold: r.atLeast };
          },
        });
        break;
      }
      default:
        assertNever(r);
    }
  }
  if (alerts.predictor) {
    const name = alerts.predictor;
    out.push({ id: name, track: 'warning', need: 1, test: (w) => stepOf(w, name) });
  }
  return out;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The rules' memory between windows is plain JSON (`state()`), so live mode can persist and resume it. */
export function alertEngine(alerts: BundleAlerts, features: readonly string[], windowMs: number, saved: AlertState | null = null) {
  const sources = sourcesOf(alerts, features, windowMs);
  const fresh = (): SourceState => ({ run: 0, firing: false, quiet: 0, recent: [] });
  const freshTrack = (): TrackState => ({ open: false, opener: null, silent: false, lastAlertMs: null });
  const state: AlertState = saved
    ? structuredClone(saved)
    : { sources: Object.fromEntries(sources.map((s) => [s.id, fresh()])), tracks: { alarm: freshTrack(), warning: freshTrack() } };
  for (const s of sources) state.sources[s.id] ??= fresh();
  const coolMs = alerts.coolDownMin * 60_000;

  return {
    /** Events this window decides; `top` explains a source's alarm (called only when one is raised). */
    step(w: RuleWindow, top: (source: string) => TopFeatures): LiveEvent[] {
      const events: LiveEvent[] = [];
      const now: Record<string, { score: number; threshold: number }> = {};
      for (const s of sources) {
        const st = state.sources[s.id];
        const t = s.test(w, st);
        now[s.id] = t;
        st.run = t.on ? st.run + 1 : 0;
        if (st.run >= s.need) {
          st.firing = true;
          st.quiet = 0;
        } else if (st.firing && ++st.quiet >= alerts.recoverAfter) {
          st.firing = false;
          st.quiet = 0;
        }
      }
      for (const track of ['alarm', 'warning'] as const) {
        const tr = state.tracks[track];
        const mine = sources.filter((s) => s.track === track);
        const firing = mine.filter((s) => state.sources[s.id].firing);
        const event = (kind: LiveEvent['kind'], id: string, topFeatures: TopFeatures): LiveEvent => ({
          ts: iso(w.end),
          kind,
          detector: id,
          score: now[id].score,
          threshold: now[id].threshold,
          top_features: topFeatures,
          window_start: iso(w.start),
          window_end: iso(w.end),
        });
        if (tr.open && firing.length === 0) {
          if (!tr.silent && tr.opener) events.push(event('recovery', tr.opener, []));
          tr.open = false;
          tr.opener = null;
        } else if (!tr.open && firing.length > 0) {
          const opener = firing[0].id;
          tr.open = true;
          tr.opener = opener;
          tr.silent = tr.lastAlertMs !== null && w.end - tr.lastAlertMs < coolMs;
          if (!tr.silent) {
            events.push(event(track, opener, top(opener)));
            tr.lastAlertMs = w.end;
          }
        }
      }
      return events;
    },
    state: (): AlertState => structuredClone(state),
  };
}

// The detection-quality section of BENCHMARKS.md, rendered from the pooled results (quality-store.ts).
import { assertNever } from '../lib/util/assert-never';
import type { EvalConfig } from '../lib/eval/evaluate';
import { ENSEMBLE } from '../lib/eval/names';
import type { PostKind } from '../lib/detectors/postprocess';
import { TARGET, cell, faPerDay, fmt, mean, median, seedsText, share, within, type Agg, type SeedGroup, type Store } from './quality-store';
import { changesSection } from './quality-changes';

export interface QualityLayout {
  presets: string[];
  tuning: number[];
  heldOut: number[];
  detectors: string[];
  members: readonly string[];
  defaultMembers: readonly string[];
  rules: readonly EvalConfig['threshold'][];
  mainRule: EvalConfig['threshold'];
  postKinds: PostKind[];
  ewmaChain: string[];
  ewmaOneAtATime: string[];
  minutes: number;
}

export function ruleText(t: EvalConfig['threshold']): string {
  switch (t.rule) {
    case 'quantile':
      return `quantile ${t.q}`;
    case 'train-best-f1':
      return 'best F1 on train';
    case 'alarm-budget':
      return `≤ ${t.perDay} alarm/day on train`;
    default:
      return assertNever(t);
  }
}

const gText = (l: QualityLayout, g: SeedGroup) => (g === 'tuning' ? `tuning ${seedsText(l.tuning)}` : `held out ${seedsText(l.heldOut)}`);

function targetTable(store: Store, l: QualityLayout): { md: string; met: Record<SeedGroup, string[]> } {
  const rows: string[] = [];
  const met: Record<SeedGroup, string[]> = { tuning: [], 'held-out': [] };
  for (const d of l.detectors) {
    for (const g of ['tuning', 'held-out'] as const) {
      const aggs = l.presets.map((p) => store.get('main', g, p, d));
      const n = aggs.filter(within).length;
      if (n === l.presets.length) met[g].push(d);
      rows.push(`| ${d} | ${gText(l, g)} | ${aggs.map(cell).join(' | ')} | ${n}/${l.presets.length} |`);
    }
  }
  return {
    md: `| detector | seeds | ${l.presets.join(' | ')} | presets within target |
|---|---|${l.presets.map(() => '---:').join('|')}|---:|
${rows.join('\n')}`,
    met,
  };
}

function kindsPooled(store: Store, variant: string, g: SeedGroup, presets: string[], d: string): Record<string, { detected: number; total: number }> {
  const out: Record<string, { detected: number; total: number }> = {};
  for (const p of presets) {
    for (const [kind, c] of Object.entries(store.get(variant, g, p, d)?.kinds ?? {})) {
      const k = (out[kind] ??= { detected: 0, total: 0 });
      k.detected += c.detected;
      k.total += c.total;
    }
  }
  return out;
}

function kindTable(store: Store, l: QualityLayout, g: SeedGroup): { md: string; weak: string[] } {
  const per = new Map(l.detectors.map((d) => [d, kindsPooled(store, 'main', g, l.presets, d)]));
  const kinds = [...new Set([...per.values()].flatMap((k) => Object.keys(k)))].sort();
  const rows = l.detectors.map((d) => `| ${d} | ${kinds.map((k) => (per.get(d)![k]?.total ? share(per.get(d)![k].detected, per.get(d)![k].total) : '–')).join(' | ')} |`);
  const weak: string[] = [];
  const best = kinds.map((k) => {
    let b = { d: '–', r: -1, detected: 0, total: 0 };
    for (const d of l.detectors) {
      const c = per.get(d)![k];
      if (c && c.total > 0 && c.detected / c.total > b.r) b = { d, r: c.detected / c.total, ...c };
    }
    if (b.r < TARGET.kind) weak.push(`${k} (best ${b.d}, ${b.detected}/${b.total})`);
    return `${share(b.detected, b.total)} ${b.d}`;
  });
  return {
    md: `| detector | ${kinds.join(' | ')} |
|---|${kinds.map(() => '---:').join('|')}|
${rows.join('\n')}
| **best detector for the kind** | ${best.join(' | ')} |`,
    weak,
  };
}

function mainTable(store: Store, l: QualityLayout, g: SeedGroup): string {
  const rows: string[] = [];
  for (const p of l.presets) {
    for (const d of l.detectors) {
      const a = store.get('main', g, p, d);
      if (!a) continue;
      const err = a.errors.length ? ` (did not train in ${a.errors.length}/${a.runs} runs)` : '';
      rows.push(`| ${p} | ${d}${err} | ${share(a.detected, a.total)} | ${fmt(faPerDay(a))} | ${fmt(median(a.leads), 0)} | ${fmt(mean(a.f1))} | ${fmt(mean(a.oracle))} |`);
    }
  }
  return `| preset | detector | incidents detected | false alarms/day | median lead s | window F1 | oracle F1 (upper bound) |
|---|---|---:|---:|---:|---:|---:|
${rows.join('\n')}`;
}

function rulesTable(store: Store, l: QualityLayout): string {
  const rows: string[] = [];
  for (const d of l.detectors) {
    if (d !== ENSEMBLE && !l.members.includes(d)) continue;
    for (const rule of l.rules) {
      const v = `rule:${ruleText(rule)}`;
      const side = (g: SeedGroup) => {
        const aggs = l.presets.map((p) => store.get(v, g, p, d));
        const det = aggs.reduce((x, a) => x + (a?.detected ?? 0), 0);
        const tot = aggs.reduce((x, a) => x + (a?.total ?? 0), 0);
        return `${share(det, tot)} | ${aggs.map((a) => fmt(faPerDay(a))).join(' / ')}`;
      };
      const ramp = l.presets.flatMap((p) => store.get(v, 'tuning', p, d)?.rampLeads ?? []);
      const rampP = l.presets.flatMap((p) => store.get(v, 'tuning', p, d)?.rampLeadsPrecursor ?? []);
      const mark = JSON.stringify(rule) === JSON.stringify(l.mainRule) ? ' (default)' : '';
      rows.push(`| ${d} | ${ruleText(rule)}${mark} | ${side('tuning')} | ${side('held-out')} | ${fmt(median(ramp), 0)} | ${fmt(median(rampP), 0)} |`);
    }
  }
  return `| detector | rule | incidents (${gText(l, 'tuning')}) | false alarms/day by preset | incidents (${gText(l, 'held-out')}) | false alarms/day by preset | ramp lead s | ramp lead s from precursor |
|---|---|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}`;
}

type Verdict = 'yes' | 'no' | 'tie' | 'n/a';

function ensembleTable(store: Store, l: QualityLayout, g: SeedGroup): { md: string; tally: Record<'best' | 'mean', Record<Verdict, number>> } {
  const metrics: { label: string; value: (a: Agg) => number | null; higher: boolean; shown: (x: number) => number; fmt: (x: number) => string }[] = [
    { label: 'incidents detected', value: (a) => (a.total ? a.detected / a.total : null), higher: true, shown: (x) => Math.round(100 * x), fmt: (x) => `${(100 * x).toFixed(0)} %` },
    { label: 'false alarms/day', value: faPerDay, higher: false, shown: (x) => Math.round(100 * x), fmt: (x) => x.toFixed(2) },
    { label: 'window F1', value: (a) => mean(a.f1), higher: true, shown: (x) => Math.round(100 * x), fmt: (x) => x.toFixed(2) },
  ];
  const ok = (x: number | null): x is number => x !== null && Number.isFinite(x);
  const tally = { best: { yes: 0, no: 0, tie: 0, 'n/a': 0 }, mean: { yes: 0, no: 0, tie: 0, 'n/a': 0 } };
  const verdict = (e: number | null, o: number | null, m: (typeof metrics)[number]): Verdict => {
    if (!ok(e) || !ok(o)) return 'n/a';
    const d = m.higher ? m.shown(e) - m.shown(o) : m.shown(o) - m.shown(e);
    return d === 0 ? 'tie' : d > 0 ? 'yes' : 'no';
  };
  const rows: string[] = [];
  for (const p of l.presets) {
    const ens = store.get('main', g, p, ENSEMBLE);
    if (!ens) continue;
    for (const m of metrics) {
      const vals = l.members.flatMap((n) => {
        const v = m.value(store.get('main', g, p, n)!);
        return ok(v) ? [{ n, v }] : [];
      });
      const best = vals.length ? vals.reduce((b, x) => ((m.higher ? x.v > b.v : x.v < b.v) ? x : b)) : null;
      const avg = mean(vals.map((x) => x.v));
      const e = m.value(ens);
      const vb = verdict(e, best?.v ?? null, m);
      const vm = verdict(e, avg, m);
      tally.best[vb]++;
      tally.mean[vm]++;
      const show = (x: number | null) => (ok(x) ? m.fmt(x) : '–');
      rows.push(`| ${p} | ${m.label} | ${show(e)} | ${best ? `${show(best.v)} (${best.n})` : '–'} | ${show(avg)} | ${vb} | ${vm} |`);
    }
  }
  return {
    md: `| preset | metric | ensemble | best member | members' mean | beats best | beats mean |
|---|---|---:|---:|---:|---|---|
${rows.join('\n')}`,
    tally,
  };
}

export function renderQuality(store: Store, l: QualityLayout): string {
  const target = targetTable(store, l);
  const kt = kindTable(store, l, 'tuning');
  const kh = kindTable(store, l, 'held-out');
  const et = ensembleTable(store, l, 'tuning');
  const eh = ensembleTable(store, l, 'held-out');
  const count = (t: Record<Verdict, number>) => `${t.yes} yes, ${t.tie} tie, ${t.no} no${t['n/a'] ? `, ${t['n/a']} n/a` : ''}`;
  const verdict = (g: SeedGroup, weak: string[]) =>
    `${target.met[g].length ? `met by ${target.met[g].join(', ')}` : 'not met by any detector'} (incidents and false alarms); every kind ≥ ${TARGET.kind * 100} % by some detector: ${weak.length ? `no — ${weak.join(', ')}` : 'yes'}`;
  return `## Detection quality: simulator presets, tuning seeds ${seedsText(l.tuning)} and held-out seeds ${seedsText(l.heldOut)}

What a user gets with the defaults: the default features for the loaded data (\`defaultFeatures\`),
every detector at its default hyperparameters, no post-processing, window 1 min, the first half of the
span for training (features, scaling and models fitted on it), threshold = ${ruleText(l.mainRule)} (the spec's
default: the lowest threshold whose alarm events on the training span, labeled incident windows left
out, stay within that budget). Test span only; an incident is detected when an alarm event overlaps
[failure start − 10 min, failure end); every other alarm event is a false alarm. web-shop and quiet-week
at 1 request/s. Oracle F1 tunes the threshold on the test labels: an upper bound, never a result.
**Tuning vs held out**: every default below was chosen by looking at seeds ${seedsText(l.tuning)} only; seeds
${seedsText(l.heldOut)} were run after the choices were fixed. ${Math.round(l.minutes)} min on this machine.

Target (issue): the best detector detects ≥ 95 % of incidents at ≤ 1 false alarm/day on every preset,
and every failure kind is detected ≥ 4 times in 5 by some detector.
- Tuning seeds: ${verdict('tuning', kt.weak)}.
- Held-out seeds: ${verdict('held-out', kh.weak)}.

### Against the target

Each cell: incidents detected / incidents · false alarms/day, pooled over the seeds; ✓ = ≥ 95 % and ≤ 1/day.

${target.md}

### Every detector, tuning seeds ${seedsText(l.tuning)}

${mainTable(store, l, 'tuning')}

### Every detector, held-out seeds ${seedsText(l.heldOut)}

${mainTable(store, l, 'held-out')}

The KNN failure predictor warns at its own level, learned on the training span, instead of the threshold
rule, and is in no ensemble; it cannot train on a run whose training half holds no visible labeled
run-up (that run's incidents count as missed by it). Here it is scored as an anomaly detector; the
prediction section measures it as a predictor. "${'ensemble of the defaults'}" is the rank average of the
default detectors (${l.defaultMembers.join(', ')}) that a new experiment runs; "ensemble" averages every anomaly detector above.

### Recall per failure kind, pooled over presets

Tuning seeds ${seedsText(l.tuning)}:

${kt.md}

Held-out seeds ${seedsText(l.heldOut)}:

${kh.md}

### Threshold rules compared

The same trained models with the threshold re-chosen on the training span by each rule (no
retraining); false alarms/day per preset in the order ${l.presets.join(' / ')}. Ramp lead: median lead (s)
over detected ramp incidents (latency-ramp, memory-leak, disk-filling) of the tuning seeds, with the
default matching and when alarms from the precursor start on count too (\`matchPrecursor\`).

${rulesTable(store, l)}

The budget holds on the training span by construction; on the test span the same threshold alarms more
often: the test half holds the weekend (quieter nights, which the training days never saw) and a
threshold set at the edge of a budget meets more of the rare patterns it sits on. Hence the default
budget of half the target rate.

### Ensemble vs its members

The causal rank ensemble against the detectors it averages (${l.members.join(', ')}), per preset pooled
over the seeds; "best member" is the best on that row's metric (it can differ per row).

Tuning seeds: beats its best member ${count(et.tally.best)}; beats the members' mean ${count(et.tally.mean)}.

${et.md}

Held-out seeds: beats its best member ${count(eh.tally.best)}; beats the members' mean ${count(eh.tally.mean)}.

${eh.md}

${changesSection(store, l)}`;
}

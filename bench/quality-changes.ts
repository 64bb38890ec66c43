// The "what each change did" part of the detection-quality section: the variants run on the tuning
// seeds (bench/quality-variants.ts) side by side, one row each.
import { ENSEMBLE } from '../lib/eval/names';
import { cell, fmt, median, seedsText, within, type Store } from './quality-store';
import type { QualityLayout } from './quality-tables';

/** One row per variant: each preset's "detected/total · FA/day", and the pooled median lead. */
function variantRows(store: Store, l: QualityLayout, variants: { label: string; variant: string; detector: string }[]): string {
  return variants
    .map(({ label, variant, detector }) => {
      const aggs = l.presets.map((p) => store.get(variant, 'tuning', p, detector));
      const leads = aggs.flatMap((a) => a?.leads ?? []);
      const n = aggs.filter(within).length;
      return `| ${label} | ${aggs.map(cell).join(' | ')} | ${n}/${l.presets.length} | ${fmt(median(leads), 0)} |`;
    })
    .join('\n');
}

function variantHead(first: string, l: QualityLayout): string {
  return `| ${first} | ${l.presets.join(' | ')} | presets within target | median lead s |
|---|${l.presets.map(() => '---:').join('|')}|---:|---:|`;
}

export function changesSection(store: Store, l: QualityLayout): string {
  const ewma = (names: string[]) => names.map((n) => ({ label: n, variant: `ewma:${n}`, detector: 'ewma' }));
  const features = l.members.flatMap((d) => [
    { label: `${d}: previous features`, variant: 'features:previous', detector: d },
    { label: `${d}: current features`, variant: 'main', detector: d },
  ]);
  features.push({ label: 'ensemble: previous features', variant: 'features:previous', detector: ENSEMBLE }, { label: 'ensemble: current features', variant: 'main', detector: ENSEMBLE });
  const post = [...l.members, ENSEMBLE].flatMap((d) => [
    { label: `${d}: raw scores`, variant: 'main', detector: d },
    ...l.postKinds.map((k) => ({ label: `${d}: ${k}`, variant: `post:${k}`, detector: d })),
  ]);
  const ens = [
    { label: 'rank average against the training scores (causal; the product)', variant: 'main', detector: ENSEMBLE },
    ...store.detectors('ensemble-alternatives').map((n) => ({ label: n, variant: 'ensemble-alternatives', detector: n })),
    { label: `the same causal rank average over the default detectors only (${l.defaultMembers.join(', ')})`, variant: 'main', detector: 'ensemble of the defaults' },
  ];
  return `### What each change did (tuning seeds ${seedsText(l.tuning)} only)

Each cell: incidents detected / incidents · false alarms/day on the test spans, pooled over the tuning
seeds; ✓ = within the target on that preset. Every row chooses its thresholds on the training span
(the rule in the row), except the one ensemble row that says it uses the future.

**The EWMA chart, from the previous defaults to the current ones, one change at a time.**

${variantHead('step', l)}
${variantRows(store, l, ewma(l.ewmaChain))}

**The current defaults with one thing changed** (the features the defaults dropped, added back one at a
time; the disk level; each default reverted; rules tried and not adopted):

${variantHead('variant', l)}
${variantRows(store, l, ewma(l.ewmaOneAtATime))}

**Previous vs current default features, every anomaly detector** (current detector defaults and
budget for both):

${variantHead('detector: features', l)}
${variantRows(store, l, features)}

**Post-processing** of the same raw scores (no retraining): the anomaly likelihood, and the likelihood
with the new-extreme rule (\`post\` in the spec; the default is none). The ensemble of post-processed
members averages them (they share the likelihood's scale).

${variantHead('detector: post-processing', l)}
${variantRows(store, l, post)}

**Ensembles** of the same member scores (every anomaly detector of the main table). The rank average
over all windows ranks each window against the test span too — it uses the future and is shown only
to measure what the causal version costs.

${variantHead('ensemble', l)}
${variantRows(store, l, ens)}
`;
}


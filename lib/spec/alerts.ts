/**
 * Alert rules: what turns live scores into alerts (lib/live/rules.ts), beside the detectors in the
 * spec and copied into the model bundle. Purely additive to spec v2: a link without `alerts` opens
 * with these defaults, so the default experiment alerts sensibly out of the box.
 */
import { z } from 'zod';
import { RUNNABLE_NAMES } from '../eval/names';
import { featureDef } from '../features/catalogue';

function isFeature(id: string): boolean {
  try {
    featureDef(id);
    return true;
  } catch {
    return false;
  }
}

/** A feature id of the catalogue (`requests`, `d:p90_ms`, `metric_mean:cpu_pct`, …); the spec's feature list uses it too. */
export const featureIdSchema = z.string().max(140).refine(isFeature, { error: 'unknown feature' });

export const RULE_OPS = ['>', '>=', '<', '<='] as const;
export type RuleOp = (typeof RULE_OPS)[number];

/** A condition on one named feature of the catalogue, per window or summed over the last minutes. */
export const featureRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('feature'),
    feature: featureIdSchema,
    op: z.enum(RULE_OPS),
    value: z.number().refine(Number.isFinite, { error: 'expected a finite number' }),
    /** consecutive windows the condition must hold before the rule fires; default 1 */
    windows: z.int().min(1).max(1440).default(1),
  }),
  z.strictObject({
    kind: z.literal('feature-sum'),
    feature: featureIdSchema,
    /** the rule fires when the feature summed over the last `minutes` reaches this */
    atLeast: z.number().refine(Number.isFinite, { error: 'expected a finite number' }),
    minutes: z.int().min(1).max(1440),
  }),
]);
export type FeatureRule = z.output<typeof featureRuleSchema>;

/** 5xx above 5 % for three windows; one address with 20 failed logins within 10 minutes (summed per window's busiest address). */
export const DEFAULT_FEATURE_RULES: FeatureRule[] = [
  { kind: 'feature', feature: 'rate_5xx', op: '>', value: 0.05, windows: 3 },
  { kind: 'feature-sum', feature: 'auth_top_ip_failures', atLeast: 20, minutes: 10 },
];

export const alertsSchema = z
  .strictObject({
    /** detectors whose threshold raises an alarm; null = the ensemble when the run has one, else every anomaly detector */
    detectors: z
      .array(z.enum(RUNNABLE_NAMES))
      .max(RUNNABLE_NAMES.length)
      .refine((d) => new Set(d).size === d.length, { error: 'a detector is listed twice' })
      .nullable()
      .default(null),
    /** consecutive windows at or above the threshold before a detector alarms; default 1 */
    detectorWindows: z.int().min(1).max(1440).default(1),
    /** warnings from the KNN failure predictor at its own learned level; default true */
    predictor: z.boolean().default(true),
    /** rules on named features; default: DEFAULT_FEATURE_RULES */
    features: z.array(featureRuleSchema).max(20).default(() => structuredClone(DEFAULT_FEATURE_RULES)),
    /** minutes after an alarm in which a new incident raises no alarm of its own; default 30 */
    coolDownMin: z.int().min(0).max(1440).default(30),
    /** quiet windows after which a firing source counts as recovered; default 5 */
    recoverAfter: z.int().min(1).max(1440).default(5),
  })
  .prefault({});
export type AlertsSpec = z.output<typeof alertsSchema>;

/** A feature rule's id in events (`rule:<id>`), readable and stable: `rate_5xx>0.05x3`, `auth_top_ip_failures>=20/10m`. */
export function featureRuleId(r: FeatureRule): string {
  return r.kind === 'feature' ? `${r.feature}${r.op}${r.value}${r.windows > 1 ? `x${r.windows}` : ''}` : `${r.feature}>=${r.atLeast}/${r.minutes}m`;
}

const FIELD_NAMES: Record<string, string> = {
  detectors: 'detectors that alarm',
  detectorWindows: 'windows before a detector alarms',
  predictor: 'predictor warnings',
  coolDownMin: 'cool-down (minutes)',
  recoverAfter: 'quiet windows before recovery',
  value: 'value',
  atLeast: 'at least',
  minutes: 'minutes',
  windows: 'windows',
  feature: 'feature',
  op: 'comparison',
};

/**
 * Alert rules edited in the page, checked by the spec's own schema: the parsed rules, or each
 * problem as a sentence naming the field (`feature rule 2, value: expected a finite number`).
 */
export function checkAlerts(draft: unknown): { alerts: AlertsSpec; issues: [] } | { alerts: null; issues: string[] } {
  const r = alertsSchema.safeParse(draft);
  if (r.success) return { alerts: r.data, issues: [] };
  const issues = r.error.issues.map((i) => {
    const [head, at, field] = i.path;
    const where =
      head === 'features' && typeof at === 'number'
        ? `feature rule ${at + 1}${typeof field === 'string' ? `, ${FIELD_NAMES[field] ?? field}` : ''}`
        : (FIELD_NAMES[String(head)] ?? String(head ?? 'alert rules'));
    return `${where}: ${i.message}`;
  });
  return { alerts: null, issues: [...new Set(issues)] };
}

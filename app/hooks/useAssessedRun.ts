'use client';
import { useMemo } from 'react';
import type { EvalRun } from '@/lib/eval/evaluate';
import { reassessRun, withManualThresholds, type AssessRules } from '@/lib/eval/assess';
import { assessRulesOf } from '@/lib/eval/from-spec';
import type { ExperimentSpec } from '@/lib/spec/schema';

/**
 * A trained run under the spec's current threshold rule and event matching, without retraining
 * (`ruled`), and with the thresholds set by hand as well (`shown`: every cell reads its
 * `detectors` as the rows in force). Keyed on the run, not the result holding it: a result that
 * only changes its key (the loaded data adopting a run trained ahead, or a cached run) keeps the
 * same assessed run, so no cell re-assesses or redraws.
 */
export function useAssessedRun(run: EvalRun | null, spec: ExperimentSpec): { ruled: EvalRun | null; shown: EvalRun | null } {
  const rulesKey = JSON.stringify(assessRulesOf(spec));
  const manual = spec.models.thresholds;
  const ruled = useMemo(() => (run ? reassessRun(run, JSON.parse(rulesKey) as AssessRules) : null), [run, rulesKey]);
  const shown = useMemo(() => (ruled ? { ...ruled, detectors: withManualThresholds(ruled, manual) } : null), [ruled, manual]);
  return { ruled, shown };
}

/** Labeled incident phases: from the simulator, or (later) from a labels file the user uploads. */
export const LABEL_PHASES = ['precursor', 'failure'] as const;
export type LabelPhase = (typeof LABEL_PHASES)[number];

export interface LabelRow {
  /** incident this phase belongs to, e.g. "inc-3" */
  incidentId: string;
  /** failure kind, e.g. latency-ramp */
  kind: string;
  phase: LabelPhase;
  /** epoch ms UTC, inclusive */
  start: number;
  /** epoch ms UTC, exclusive */
  end: number;
  /** affected route / IP / host, when the incident has one */
  target: string | null;
}

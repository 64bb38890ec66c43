/**
 * metrics.csv samples: per host every intervalS, CPU following the traffic model, RAM steady,
 * disk growing slowly; the nightly job loads its host, incidents alter their host. Streams:
 * `metrics-hosts` (each host's profile), `metrics` (noise), and one per incident.
 */
import type { Rng } from '../lib/util/rng';
import { inDailyWindow } from './clock';
import { FAILURES } from './failures';
import type { MetricDraft, PlannedIncident, SimContext } from './failures/types';
import type { TrafficModel } from './rate';
import { normal, stream } from './rng';
import type { Scenario } from './scenario';

export interface MetricSink {
  /** values in percent, rounded to tenths */
  sample(sec: number, host: string, cpu: number, ram: number, disk: number): void;
}

/** CPU points the nightly job adds on its host. */
const JOB_CPU = 35;

interface HostProfile {
  host: string;
  cpuScale: number;
  ramOffset: number;
  diskOffset: number;
}

function tenths(v: number): number {
  return Math.round(Math.min(100, Math.max(0, v)) * 10) / 10;
}

export class MetricsProducer {
  private readonly s: Scenario;
  private readonly model: TrafficModel;
  private readonly ctx: SimContext;
  private readonly hosts: HostProfile[];
  private readonly noise: Rng;
  private readonly incidents: { inc: PlannedIncident; r: Rng }[];
  private readonly m: MetricDraft = { cpu: 0, ram: 0, disk: 0 };

  constructor(s: Scenario, plan: readonly PlannedIncident[], model: TrafficModel) {
    this.s = s;
    this.model = model;
    this.ctx = { scenario: s, meanRps: s.traffic.rps };
    const r = stream(s.seed, 'metrics-hosts');
    this.hosts = s.hosts.map((host) => ({ host, cpuScale: 0.7 + 0.6 * r(), ramOffset: -6 + 12 * r(), diskOffset: -10 + 20 * r() }));
    this.noise = stream(s.seed, 'metrics');
    this.incidents = plan
      .filter((inc) => FAILURES[inc.kind].metric !== undefined)
      .map((inc) => ({ inc, r: stream(s.seed, `${inc.streamKey}:metrics`) }));
  }

  /** Every sample of the run, one timestamp (all hosts) per step. */
  *run(sink: MetricSink): Generator<void> {
    const { startSec, endSec } = this.model;
    const s = this.s;
    const mc = s.metrics;
    const job = s.background.batchJob;
    const m = this.m;
    for (let sec = startSec; sec < endSec; sec += mc.intervalS) {
      const load = this.model.load(sec);
      const jobOn = job.enabled && inDailyWindow(sec, s.utcOffsetMin, job.atMin, job.durationMin);
      const days = (sec - startSec) / 86_400;
      for (const h of this.hosts) {
        m.cpu = mc.cpuBase + mc.cpuLoad * load * h.cpuScale + mc.noise * normal(this.noise);
        m.ram = mc.ramBase + h.ramOffset + 3 * (load - 1) + 0.5 * mc.noise * normal(this.noise);
        m.disk = mc.diskStart + h.diskOffset + mc.diskPerDay * days + 0.03 * mc.noise * normal(this.noise);
        if (jobOn && h.host === job.host) m.cpu += JOB_CPU;
        for (const { inc, r } of this.incidents) {
          if (inc.host === h.host && sec >= inc.precursorStart && sec < inc.end) FAILURES[inc.kind].metric?.(inc, sec, m, r, this.ctx);
        }
        sink.sample(sec, h.host, tenths(m.cpu), tenths(m.ram), tenths(m.disk));
      }
      yield;
    }
  }
}

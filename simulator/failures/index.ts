/** The failure catalogue: one definition per kind. */
import type { FailureKind } from '../scenario';
import { cpuSpike } from './cpu-spike';
import { dependencyOutage } from './dependency-outage';
import { diskFilling } from './disk-filling';
import { errorBurst } from './error-burst';
import { latencyRamp } from './latency-ramp';
import { memoryLeak } from './memory-leak';
import { slowEndpoint } from './slow-endpoint';
import { sshBruteForce } from './ssh-brute-force';
import { trafficSpike } from './traffic-spike';
import type { FailureDef } from './types';

export const FAILURES: Readonly<Record<FailureKind, FailureDef>> = {
  'latency-ramp': latencyRamp,
  'error-burst': errorBurst,
  'traffic-spike': trafficSpike,
  'slow-endpoint': slowEndpoint,
  'dependency-outage': dependencyOutage,
  'ssh-brute-force': sshBruteForce,
  'memory-leak': memoryLeak,
  'cpu-spike': cpuSpike,
  'disk-filling': diskFilling,
};

export type { FailureDef } from './types';

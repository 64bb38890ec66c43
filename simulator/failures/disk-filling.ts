/**
 * A runaway log or a stuck backup fills one host's disk; once it is full, writes fail (500 on
 * POST/PUT/PATCH/DELETE). After the failure the files are cleaned up. Signature: disk % slope in
 * the precursor far above the normal growth, then a plateau at severity %.
 */
import { errorPageBytes, precursorProgress, type FailureDef } from './types';

/** Share of write requests failing while the disk is full. */
const WRITE_FAILS = 0.9;

export const diskFilling: FailureDef = {
  kind: 'disk-filling',
  label: 'Disk filling',
  description: 'One host\'s disk fills up over hours; when full, write requests fail with 500.',
  durationMin: 30,
  precursorMin: 180,
  severity: 100,
  severityMeans: 'disk % reached at the failure',
  severityRange: [0, 100],
  target: 'host',
  shows: ['metrics', 'access'],
  metric(inc, sec, m, r) {
    if (sec < inc.failureStart) m.disk += (inc.severity - m.disk) * precursorProgress(inc, sec);
    else m.disk = inc.severity - r() * 0.2;
  },
  request(inc, sec, req, r) {
    if (sec < inc.failureStart || req.method === 'GET' || req.method === 'HEAD') return;
    if (r() < WRITE_FAILS) {
      req.status = 500;
      req.bytes = errorPageBytes(500);
    }
  },
};

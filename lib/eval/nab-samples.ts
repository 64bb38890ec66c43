/**
 * NAB series the page ships under public/samples/nab/ (copied from numenta/NAB, MIT; see the
 * README there). Kept apart from the scorer so the spec schema can list them without loading it.
 */
export const NAB_SAMPLES = [
  { id: 'ec2-request-latency', key: 'realKnownCause/ec2_request_latency_system_failure.csv', label: 'EC2 request latency, system failure (realKnownCause)' },
  { id: 'rogue-agent-key-hold', key: 'realKnownCause/rogue_agent_key_hold.csv', label: 'Rogue agent key hold (realKnownCause)' },
  { id: 'ec2-cpu-24ae8d', key: 'realAWSCloudwatch/ec2_cpu_utilization_24ae8d.csv', label: 'EC2 CPU utilisation 24ae8d (realAWSCloudwatch)' },
  { id: 'iio-network-in', key: 'realAWSCloudwatch/iio_us-east-1_i-a2eb1cd9_NetworkIn.csv', label: 'IIO NetworkIn a2eb1cd9 (realAWSCloudwatch)' },
] as const;

export type NabSampleId = (typeof NAB_SAMPLES)[number]['id'];
export const NAB_SAMPLE_IDS = NAB_SAMPLES.map((s) => s.id) as [NabSampleId, ...NabSampleId[]];

/** Served paths (under the site root) of a sample's data file and of the samples' windows file. */
export const NAB_SAMPLE_DIR = '/samples/nab';
export const NAB_SAMPLE_WINDOWS = `${NAB_SAMPLE_DIR}/combined_windows.json`;

export function nabSample(id: NabSampleId): (typeof NAB_SAMPLES)[number] {
  const s = NAB_SAMPLES.find((x) => x.id === id);
  if (!s) throw new Error(`unknown NAB sample: ${id}`);
  return s;
}

/** Windows in a link or a file: at most this many per series (NAB's files have at most 4). */
export const MAX_NAB_WINDOWS = 100;

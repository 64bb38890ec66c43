import type { SampleId } from '@/lib/spec/schema';

/** Small logs the project ships under public/samples/ (made by scripts/make-samples.ts), one per SAMPLE_IDS entry. */
export const SAMPLES = [
  // lastModified: the day after the data ends, as a real file would have (syslog lines take their year from it)
  { id: 'access', label: 'Web access log', file: 'access.log', lastModified: Date.UTC(2026, 0, 7) },
  { id: 'auth', label: 'SSH auth.log', file: 'auth.log', lastModified: Date.UTC(2026, 2, 4) },
  { id: 'metrics', label: 'Host metrics CSV', file: 'metrics.csv', lastModified: Date.UTC(2026, 0, 7) },
] as const satisfies readonly { id: SampleId; label: string; file: string; lastModified: number }[];

export async function fetchSample(id: SampleId): Promise<File> {
  const s = SAMPLES.find((x) => x.id === id);
  if (!s) throw new Error(`unknown sample: ${id}`);
  const res = await fetch(`/samples/${s.file}`);
  if (!res.ok) throw new Error(`sample ${s.file}: HTTP ${res.status}`);
  return new File([await res.blob()], s.file, { lastModified: s.lastModified });
}

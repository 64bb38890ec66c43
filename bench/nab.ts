// Our detectors on the NAB subset in ../shared/datasets/nab, scored by our NAB scorer, beside NAB's
// published detectors on the same files (summed per-file scores, normalised the same way).
import { existsSync } from 'node:fs';
import path from 'node:path';

interface NabJson {
  files: number;
  windows: number;
  elapsed_ms: number;
  profiles: Record<string, { ours: Record<string, number | null>; published: Record<string, number | null> }>;
}

export function nabSection(root: string, timed: (cmd: string, args: string[]) => { stdout: string; ms: number }): string {
  const dir = path.resolve(root, '../shared/datasets/nab');
  if (!existsSync(path.join(dir, 'labels/combined_windows.json'))) return '## NAB subset\n\nNot measured: ../shared/datasets/nab is not beside the repo.\n';
  const r = timed('node', ['bin/harbinger.mjs', 'nab', dir, '--json']);
  const j = JSON.parse(r.stdout) as NabJson;
  const profiles = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'];
  const f = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(1));
  const ours = Object.keys(j.profiles.standard.ours);
  const published = Object.keys(j.profiles.standard.published).sort((a, b) => (j.profiles.standard.published[b] ?? -1e9) - (j.profiles.standard.published[a] ?? -1e9));
  const row = (who: string, det: string, side: 'ours' | 'published') => `| ${who} | ${det} | ${profiles.map((p) => f(j.profiles[p][side][det])).join(' | ')} |`;
  return `## NAB subset (${j.files} files, ${j.windows} windows)

\`harbinger nab ../shared/datasets/nab\`: each detector trains on a file's probationary rows (features: value, change
from the previous row), one threshold per profile swept over all files as NAB does, normalised
100 × (raw − null) / (perfect − null) over these files. Published detectors: NAB's own per-file scores
on the same files, summed and normalised the same way ('–': not published for every file). The scorer
reproduces NAB's published per-file scores to 5e-12 (lib/metrics/nab.test.ts). Wall time ${Math.round(r.ms).toLocaleString('en-US')} ms.

| who | detector | standard | low FP | low FN |
|---|---|---:|---:|---:|
${ours.map((d) => row('ours', d, 'ours')).join('\n')}
${published.map((d) => row('published', d, 'published')).join('\n')}

A likely reason single detectors trail (not yet tested): one raw-score threshold is swept across files
whose score scales differ, while the rank-based ensemble is comparable across files.
`;
}

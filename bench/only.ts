// `npx tsx bench/only.ts quality [nab] [predict]`: re-measures the named sections of BENCHMARKS.md
// and puts them in place of the old ones (bench/sections.ts), keeping every other section as it was.
// The full `npm run bench` takes long (browser runs, a million-line log); this is for one part.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { spliceSections, splitSections } from './sections';
import { qualitySection } from './quality';
import { predictSection } from './predict';
import { nabSection } from './nab';
import { watchSection } from './watch';
import { liveBrowserSection } from './browser-live';
import { liveScorerSection } from './live-scorer';
import { neighboursSection } from './neighbours';
import { detectorsSection } from './detectors';

const root = path.resolve(import.meta.dirname, '..');

const SECTIONS: Record<string, () => Promise<string> | string> = {
  quality: () => qualitySection(),
  nab: () => nabSection(root),
  predict: () => predictSection(),
  watch: () => watchSection(path.join(root, 'bench/out')),
  'live-browser': () => liveBrowserSection(),
  scorer: () => liveScorerSection(),
  neighbours: () => neighboursSection(),
  detectors: () => detectorsSection(),
};

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const unknown = names.filter((n) => !(n in SECTIONS));
  if (names.length === 0 || unknown.length > 0) {
    console.error(`usage: npx tsx bench/only.ts ${Object.keys(SECTIONS).join('|')} …${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`);
    process.exit(2);
  }
  const fresh: string[] = [];
  for (const n of names) {
    const t = performance.now();
    const md = await SECTIONS[n]();
    // a spliced section was measured apart from the document's date line: say when (a bench may write several sections)
    for (const section of splitSections(md).sections) {
      fresh.push(`${section.trimEnd()}\n\n_Section re-measured ${new Date().toISOString()} by \`npx tsx bench/only.ts ${n}\` (${Math.round((performance.now() - t) / 1000)} s)._\n`);
    }
    console.error(`bench/only.ts: ${n} done in ${Math.round((performance.now() - t) / 1000)} s`);
  }
  const file = path.join(root, 'BENCHMARKS.md');
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  writeFileSync(file, spliceSections(doc, fresh));
  console.error(`bench/only.ts: ${names.join(', ')} written into ${file}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

import { Zip, ZipDeflate } from 'fflate';
import { generate } from '../../simulator/generate';
import { planIncidents } from '../../simulator/plan';
import { incidentsJson, labelsCsv } from '../../simulator/labels';
import type { Scenario } from '../../simulator/scenario';

/**
 * The scenario's files as one zip: access.log / auth.log / metrics.csv (as switched on), labels.csv
 * and incidents.json. Text is generated in chunks and deflated as it goes (level 1: logs shrink
 * ~8× and it stays fast), so the whole text never exists at once.
 */
export function simulationZip(scenario: Scenario): Blob {
  const parts: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) failure = err;
    else parts.push(data);
  });
  const open = new Map<string, ZipDeflate>();
  // auth.log timestamps carry no year: readers take it from the file's date
  const mtime = new Date(scenario.start + scenario.days * 86_400_000);
  for (const chunk of generate(scenario)) {
    let entry = open.get(chunk.file);
    if (!entry) {
      entry = new ZipDeflate(chunk.file, { level: 1 });
      entry.mtime = mtime;
      zip.add(entry);
      open.set(chunk.file, entry);
    }
    entry.push(chunk.bytes);
  }
  for (const entry of open.values()) entry.push(new Uint8Array(0), true);
  const plan = planIncidents(scenario);
  const enc = new TextEncoder();
  for (const [name, text] of [
    ['labels.csv', labelsCsv(plan)],
    ['incidents.json', incidentsJson(plan)],
  ] as const) {
    const entry = new ZipDeflate(name, { level: 6 });
    entry.mtime = mtime;
    zip.add(entry);
    entry.push(enc.encode(text), true);
  }
  zip.end();
  if (failure) throw failure;
  return new Blob(parts as BlobPart[], { type: 'application/zip' });
}

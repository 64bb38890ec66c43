// Re-measures some sections of BENCHMARKS.md without rerunning the rest (the full run takes long):
// each section is the text from its `## ` heading up to the next `## ` heading.

/** `## Heading …` → the heading's first words, which identify the section across runs. */
export function sectionKey(md: string): string {
  return (/^## ([^\n(:]+)/.exec(md)?.[1] ?? '').trim();
}

/** Splits a markdown document into its preamble and its `## ` sections, in order. */
export function splitSections(doc: string): { preamble: string; sections: string[] } {
  const parts = doc.split(/\n(?=## )/);
  const [preamble, ...sections] = doc.startsWith('## ') ? ['', ...parts] : parts;
  return { preamble: preamble!, sections };
}

/**
 * The document with each fresh section put in place of the old section with the same key, or
 * appended when the document had none; other sections are kept as they were.
 */
export function spliceSections(doc: string, fresh: readonly string[]): string {
  const { preamble, sections } = splitSections(doc);
  const out = [...sections];
  for (const f of fresh) {
    const key = sectionKey(f);
    if (!key) throw new Error(`a fresh section must start with "## ": ${JSON.stringify(f.slice(0, 40))}`);
    const i = out.findIndex((s) => sectionKey(s) === key);
    if (i >= 0) out[i] = f.trimEnd() + '\n';
    else out.push(f.trimEnd() + '\n');
  }
  return [preamble.trimEnd() + '\n', ...out.map((s) => s.trimEnd() + '\n')].join('\n');
}

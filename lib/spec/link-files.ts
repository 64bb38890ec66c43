/**
 * A link made from uploaded files names them by SHA-256 (never their content). Files dropped to
 * reproduce it must be exactly those files; this says why they are not, in the user's terms.
 */
import type { UploadedFile } from './schema';

const short = (sha: string) => `${sha.slice(0, 12)}…`;
const mb = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`);

/** Why dropped files do not reproduce a link (null when they are exactly its files). */
export function linkMismatch(expect: readonly UploadedFile[], dropped: { name: string; sha256: string }[]): string | null {
  const wanted = new Map(expect.map((f) => [f.sha256, f]));
  const foreign = dropped.filter((d) => !wanted.has(d.sha256));
  if (foreign.length > 0) {
    const d = foreign[0];
    const same = expect.find((f) => f.name === d.name);
    return same
      ? `${d.name} is not the file this link was made from: its SHA-256 is ${short(d.sha256)}, the link's ${same.name} has ${short(same.sha256)} (${mb(same.size)}). The file changed or is another one; results would not reproduce.`
      : `${d.name} is not one of the files this link was made from (${expect.map((f) => f.name).join(', ')}); its SHA-256 ${short(d.sha256)} matches none of them.`;
  }
  const got = new Set(dropped.map((d) => d.sha256));
  const missing = expect.filter((f) => !got.has(f.sha256));
  if (missing.length > 0) return `This link was made from ${expect.length} files; still missing: ${missing.map((f) => `${f.name} (${mb(f.size)}, SHA-256 ${short(f.sha256)})`).join(', ')}. Drop all of them together.`;
  return null;
}


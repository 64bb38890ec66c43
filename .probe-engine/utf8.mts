import { syntheticRequests } from '/work/main/lib/engine/synthetic';
const b = syntheticRequests(1_000_000);
const cols = { ua: b.user_agent as string[], path: b.path as string[], ip: b.ip as string[], ref: b.referrer as (string|null)[] };
const enc = new TextEncoder();
function loop(values: (string|null)[]) {
  let cap = 16; for (const s of values) if (s != null) cap += s.length;
  const bytes = new Uint8Array(cap); const offsets = new Int32Array(values.length + 1); let pos = 0;
  for (let i = 0; i < values.length; i++) { const s = values[i]; if (s != null) { const len = s.length; let j = 0; for (; j < len; j++) { const c = s.charCodeAt(j); if (c >= 0x80) break; bytes[pos++] = c; } if (j < len) pos += enc.encodeInto(s.slice(j), bytes.subarray(pos)).written; } offsets[i + 1] = pos; }
  return pos;
}
function joined(values: (string|null)[]) {
  const offsets = new Int32Array(values.length + 1); let pos = 0;
  const parts: string[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) { const s = values[i] ?? ''; parts[i] = s; pos += s.length; offsets[i + 1] = pos; }
  const all = parts.join('');
  const bytes = new Uint8Array(pos * 3 + 16);
  const r = enc.encodeInto(all, bytes);
  return r.written === pos ? pos : -1;
}
function concat(values: (string|null)[]) {
  const offsets = new Int32Array(values.length + 1); let pos = 0; let all = '';
  for (let i = 0; i < values.length; i++) { const s = values[i]; if (s != null) { all += s; pos += s.length; } offsets[i + 1] = pos; }
  const bytes = new Uint8Array(pos + 16);
  const r = enc.encodeInto(all, bytes);
  return r.read === all.length ? pos : -1;
}
for (let rep = 0; rep < 3; rep++) for (const [name, f] of Object.entries({ loop, joined, concat })) {
  const t = performance.now(); let tot = 0;
  for (const v of Object.values(cols)) tot += f(v);
  console.log(name, (performance.now() - t).toFixed(0), tot);
}

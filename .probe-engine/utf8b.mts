import { syntheticRequests } from '/work/main/lib/engine/synthetic';
const b = syntheticRequests(1_000_000);
const cols = [b.source, b.ip, b.method, b.path, b.route, b.referrer, b.user_agent] as (string|null)[][];
const enc = new TextEncoder();
function loop(values: (string|null)[]) {
  let cap = 16; for (const s of values) if (s != null) cap += s.length;
  const bytes = new Uint8Array(cap); const offsets = new Int32Array(values.length + 1); let pos = 0;
  for (let i = 0; i < values.length; i++) { const s = values[i]; if (s != null) { const len = s.length; let j = 0; for (; j < len; j++) { const c = s.charCodeAt(j); if (c >= 0x80) break; bytes[pos++] = c; } if (j < len) pos += enc.encodeInto(s.slice(j), bytes.subarray(pos)).written; } offsets[i + 1] = pos; }
  return pos;
}
function cached(values: (string|null)[]) {
  let cap = 16; for (const s of values) if (s != null) cap += s.length;
  const bytes = new Uint8Array(cap); const offsets = new Int32Array(values.length + 1); let pos = 0;
  const cache = new Map<string, Uint8Array>();
  for (let i = 0; i < values.length; i++) { const s = values[i]; if (s != null) { const len = s.length;
    if (len > 16) { const hit = cache.get(s); if (hit) { bytes.set(hit, pos); pos += hit.length; offsets[i + 1] = pos; continue; } }
    const start = pos;
    let j = 0; for (; j < len; j++) { const c = s.charCodeAt(j); if (c >= 0x80) break; bytes[pos++] = c; } if (j < len) pos += enc.encodeInto(s.slice(j), bytes.subarray(pos)).written;
    if (len > 16 && cache.size < 1024) cache.set(s, bytes.slice(start, pos));
  } offsets[i + 1] = pos; }
  return pos;
}
function perString(values: (string|null)[]) {
  let cap = 16; for (const s of values) if (s != null) cap += s.length * 3;
  const bytes = new Uint8Array(cap); const offsets = new Int32Array(values.length + 1); let pos = 0;
  for (let i = 0; i < values.length; i++) { const s = values[i]; if (s != null) { const len = s.length;
    if (len > 24) pos += enc.encodeInto(s, bytes.subarray(pos)).written;
    else { let j = 0; for (; j < len; j++) { const c = s.charCodeAt(j); if (c >= 0x80) break; bytes[pos++] = c; } if (j < len) pos += enc.encodeInto(s.slice(j), bytes.subarray(pos)).written; }
  } offsets[i + 1] = pos; }
  return pos;
}
for (let rep = 0; rep < 3; rep++) for (const [name, f] of Object.entries({ loop, cached, perString })) {
  const t = performance.now(); let tot = 0;
  for (const v of cols) tot += f(v);
  console.log(name, (performance.now() - t).toFixed(0), tot);
}

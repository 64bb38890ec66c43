/**
 * The spec as a URL hash: `#s=1.<base64url(crc32(json) ‖ deflate-raw(json))>`, where json is
 * the spec without its default-valued keys. The leading `1` is the link format (how the bytes are
 * packed), distinct from the spec version `v` inside the JSON (what the fields mean); either can
 * move on its own. Raw DEFLATE has no checksum and about one single-bit flip in sixteen still
 * inflates to a valid but different spec, hence the CRC (4 bytes, ~6 characters).
 */
import { deflateSync } from 'fflate';
import { crc32, fromBase64Url, inflateRawBounded, toBase64Url } from './bytes';
import { omitDefaults } from './compact';
import { defaultSpec } from './defaults';
import { FALLBACK_NOTE, formatIssues } from './errors';
import type { SpecError } from './errors';
import { migrate } from './migrate';
import type { Migration } from './migrate';
import { SPEC_VERSION, specSchema } from './schema';
import type { ExperimentSpec } from './schema';

const LINK_FORMAT = 1;
/** The hash parameter holding the token. */
export const HASH_PARAM = 's';
/** Longest token read; browsers and chat apps mangle longer URLs anyway. */
export const MAX_TOKEN_CHARS = 32 * 1024;
/** Most JSON bytes a token may inflate to; inflating stops here (zip-bomb guard). */
export const MAX_JSON_BYTES = 256 * 1024;

const CRC_BYTES = 4;

export type DecodeResult =
  | { ok: true; spec: ExperimentSpec; warnings: string[] }
  | { ok: false; error: SpecError };

const encoder = new TextEncoder();

/**
 * The token for `spec` (without `#s=`). Deterministic: equal specs give equal tokens whatever
 * their key order. Throws on a spec the schema refuses — callers hold validated specs.
 */
export function encodeSpec(spec: ExperimentSpec): string {
  const parsed = specSchema.safeParse(spec, { reportInput: true });
  if (!parsed.success) throw new Error(`invalid spec: ${formatIssues(parsed.error.issues)}`);
  const token = packToken(JSON.stringify(omitDefaults(parsed.data, defaultSpec(), ['v', 'source'])));
  // Unreachable with today's field limits (largest spec ≈ 19 K characters); guards future fields.
  if (token.length > MAX_TOKEN_CHARS) {
    throw new Error(`spec too large for a link: ${token.length} characters > ${MAX_TOKEN_CHARS}`);
  }
  return token;
}

/** Packs JSON text as a link token; no validation (encodeSpec validates; tests pack bad JSON). */
export function packToken(json: string): string {
  const bytes = encoder.encode(json);
  const deflated = deflateSync(bytes, { level: 9 });
  const packed = new Uint8Array(CRC_BYTES + deflated.length);
  new DataView(packed.buffer).setUint32(0, crc32(bytes));
  packed.set(deflated, CRC_BYTES);
  return `${LINK_FORMAT}.${toBase64Url(packed)}`;
}

/** `#s=<token>` for `spec`. */
export function specToHash(spec: ExperimentSpec): string {
  return `#${HASH_PARAM}=${encodeSpec(spec)}`;
}

/** `baseUrl` with its hash replaced by the spec's. */
export function specToUrl(spec: ExperimentSpec, baseUrl: string | URL): string {
  const url = new URL(baseUrl);
  url.hash = specToHash(spec);
  return url.href;
}

/** The token in a location hash (`#s=…`, other `&`-separated parameters ignored), or null. */
export function tokenFromHash(hash: string): string | null {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const part of body.split('&')) {
    if (part.startsWith(`${HASH_PARAM}=`)) return part.slice(HASH_PARAM.length + 1);
  }
  return null;
}

/** Reads a location hash such as `#s=1.…`. Never throws. */
export function decodeSpec(hash: string, migrations?: readonly Migration[]): DecodeResult {
  // Checked before splitting so a huge hash costs nothing.
  if (hash.length > MAX_TOKEN_CHARS + 64) return oversized(hash.length);
  const token = tokenFromHash(hash);
  if (token === null || token === '') {
    return fail('empty', 'This link holds no experiment; showing the default experiment.');
  }
  return decodeToken(token, migrations);
}

/** Reads a bare token as made by `encodeSpec`. Never throws. */
export function decodeToken(token: string, migrations?: readonly Migration[]): DecodeResult {
  if (token.length > MAX_TOKEN_CHARS) return oversized(token.length);
  const m = /^(\d{1,6})\.(.*)$/s.exec(token);
  if (m === null) return tampered('it has no format marker');
  const format = Number(m[1]);
  if (format > LINK_FORMAT) {
    return fail(
      'newer-version',
      `This link was made by a newer Harbinger (link format ${format}); this page reads formats up to ${LINK_FORMAT}. ${FALLBACK_NOTE}`,
    );
  }
  if (format !== LINK_FORMAT) return tampered(`unknown link format ${format}`);

  const packed = fromBase64Url(m[2] ?? '');
  if (packed === null) return tampered('it is not valid base64url');
  if (packed.length <= CRC_BYTES) return tampered('it is too short');
  const inflated = inflateRawBounded(packed.subarray(CRC_BYTES), MAX_JSON_BYTES);
  if (!inflated.ok) {
    if (inflated.reason === 'too-large') {
      return fail(
        'oversized',
        `This link unpacks to more than ${MAX_JSON_BYTES / 1024} KB, more than any experiment needs; it was not read. ${FALLBACK_NOTE}`,
      );
    }
    return tampered(`the compressed data is damaged: ${inflated.detail}`);
  }
  const expected = new DataView(packed.buffer, packed.byteOffset).getUint32(0);
  if (crc32(inflated.bytes) !== expected) return tampered('its checksum does not match');
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(inflated.bytes));
  } catch {
    return tampered('its content is not JSON');
  }
  return fromDocument(doc, migrations);
}

function fromDocument(doc: unknown, migrations?: readonly Migration[]): DecodeResult {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return invalid('(spec): expected an object');
  }
  const record = doc as Record<string, unknown>;
  const v = record.v;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    return invalid(`v: expected a spec version number (got ${JSON.stringify(v) ?? 'nothing'})`);
  }
  if (v > SPEC_VERSION) {
    return fail(
      'newer-version',
      `This link was made by a newer Harbinger (spec version ${v}); this page reads versions up to ${SPEC_VERSION}. ${FALLBACK_NOTE}`,
    );
  }
  let upgraded: ReturnType<typeof migrate>;
  try {
    upgraded = migrate(record, v, migrations);
  } catch (e) {
    upgraded = { ok: false, message: `upgrading from spec version ${v} failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!upgraded.ok) return invalid(upgraded.message);
  const parsed = specSchema.safeParse(upgraded.doc, { reportInput: true });
  if (!parsed.success) return invalid(formatIssues(parsed.error.issues));
  return { ok: true, spec: parsed.data, warnings: upgraded.warnings };
}

function fail(kind: SpecError['kind'], message: string): DecodeResult {
  return { ok: false, error: { kind, message } };
}

function tampered(why: string): DecodeResult {
  return fail('tampered', `This link's experiment could not be read: ${why}. The link may be cut short or altered. ${FALLBACK_NOTE}`);
}

function invalid(details: string): DecodeResult {
  return fail('invalid', `This link's experiment is not valid: ${details}. ${FALLBACK_NOTE}`);
}

function oversized(length: number): DecodeResult {
  return fail(
    'oversized',
    `This link is too long to read (${length} characters; the limit is ${MAX_TOKEN_CHARS}). ${FALLBACK_NOTE}`,
  );
}

/**
 * Streaming gunzip (single or multi-member) with the guards a file from a stranger needs: an
 * output cap, a compression-ratio check that stops a gzip bomb early, and a truncation check.
 * fflate inflates everything it is given in one call, so input is fed in small pieces: one piece
 * of a bomb can only grow to ≈ 1,030 × GZIP_PIECE bytes before a guard looks at it.
 */
import { Gunzip } from 'fflate';
import { fmtBytes, type IngestLimits } from './limits';

const GZIP_PIECE = 32 * 1024;
/** A gzip member is at least a 10-byte header, an empty deflate block and an 8-byte trailer. */
const MIN_MEMBER_BYTES = 18;
const TWO_32 = 2 ** 32;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Compressed or archive formats we do not open, by their magic bytes, so the message can say what the file is. */
const ARCHIVES: [string, number[]][] = [
  ['zip archive', [0x50, 0x4b, 0x03, 0x04]],
  ['bzip2 file', [0x42, 0x5a, 0x68]],
  ['xz file', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['zstd file', [0x28, 0xb5, 0x2f, 0xfd]],
  ['7-zip archive', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
];

/** What kind of archive the first bytes announce, or null. bzip2 is also checked for its block magic, since "BZh" is printable. */
export function archiveKind(head: Uint8Array): string | null {
  for (const [kind, magic] of ARCHIVES) {
    if (head.length < magic.length || !magic.every((b, i) => head[i] === b)) continue;
    if (kind === 'bzip2 file' && !(head.length >= 10 && head[3] >= 0x31 && head[3] <= 0x39 && head[4] === 0x31 && head[5] === 0x41)) continue;
    return kind;
  }
  return null;
}

export class GzipDecoder {
  private readonly gunzip: Gunzip;
  private pending: Uint8Array[] = [];
  private fed = 0;
  private out = 0;
  /** output of the current member, to check against its trailer's size field */
  private memberOut = 0;
  /** the last 8 compressed bytes seen: the trailer (CRC32, ISIZE) of the last member */
  private readonly last8 = new Uint8Array(8);

  constructor(
    private readonly name: string,
    private readonly limits: IngestLimits,
    private readonly onData: (bytes: Uint8Array) => void,
  ) {
    this.gunzip = new Gunzip((data) => {
      this.pending.push(data);
      this.out += data.length;
      this.memberOut += data.length;
    });
    this.gunzip.onmember = () => {
      this.memberOut = 0;
    };
  }

  /** Decompresses `bytes`; `final` marks the end of the file. Throws a message naming the file on bad data or a tripped guard. */
  push(bytes: Uint8Array, final: boolean): void {
    let off = 0;
    do {
      const piece = bytes.subarray(off, off + GZIP_PIECE);
      off += piece.length;
      const last = final && off >= bytes.length;
      this.remember(piece);
      try {
        this.gunzip.push(piece, last);
      } catch (e) {
        throw new Error(`${this.name}: gzip data is corrupt or truncated after ${this.fed + piece.length} compressed bytes (${(e as Error).message})`, { cause: e });
      }
      this.fed += piece.length;
      this.guard();
      const ready = this.pending;
      this.pending = [];
      for (const d of ready) this.onData(d);
    } while (off < bytes.length);
    if (final) this.checkTrailer();
  }

  private remember(piece: Uint8Array): void {
    if (piece.length >= 8) {
      this.last8.set(piece.subarray(piece.length - 8));
      return;
    }
    this.last8.copyWithin(0, piece.length);
    this.last8.set(piece, 8 - piece.length);
  }

  private guard(): void {
    const { gzipMaxOutputBytes, gzipMaxRatio, gzipRatioAfterBytes } = this.limits;
    const hint = 'If it is a real log, decompress it yourself and load the plain file.';
    if (this.out > gzipMaxOutputBytes) {
      throw new Error(`${this.name}: stopped decompressing at ${fmtBytes(gzipMaxOutputBytes)}, the cap for one .gz file. ${hint}`);
    }
    if (this.out >= gzipRatioAfterBytes && this.out > gzipMaxRatio * this.fed) {
      throw new Error(
        `${this.name}: stopped decompressing: ${fmtBytes(this.fed)} expanded to ${fmtBytes(this.out)}, more than ${gzipMaxRatio} times its size, ` +
          `which is what a gzip bomb does (logs compress about 10 times). ${hint}`,
      );
    }
  }

  /** fflate does not check the trailer; a file cut inside its last 8 bytes, or right after its header, would otherwise pass. */
  private checkTrailer(): void {
    const isize = (this.last8[4] | (this.last8[5] << 8) | (this.last8[6] << 16) | (this.last8[7] << 24)) >>> 0;
    if (this.fed < MIN_MEMBER_BYTES || isize !== this.memberOut % TWO_32) {
      throw new Error(`${this.name}: gzip data is truncated: the file ends before its last member's trailer (${this.fed} compressed bytes read)`);
    }
  }
}

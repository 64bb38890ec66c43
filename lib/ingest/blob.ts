/**
 * Reads a Blob/File in large slices so big files are streamed from the file handle, never held
 * whole in memory or as one string. Works with browser File objects and Node 20 Blobs.
 */
export async function* chunksFromBlob(blob: Blob, chunkBytes = 4 * 1024 * 1024): AsyncGenerator<Uint8Array> {
  if (!Number.isInteger(chunkBytes) || chunkBytes <= 0) throw new Error(`invalid chunk size: ${chunkBytes}`);
  for (let off = 0; off < blob.size; off += chunkBytes) {
    const buf = await blob.slice(off, Math.min(blob.size, off + chunkBytes)).arrayBuffer();
    yield new Uint8Array(buf);
  }
}

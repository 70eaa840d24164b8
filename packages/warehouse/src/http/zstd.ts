// zstd for the HTTP interface: Node 20's zlib has none (it arrives in 22.15), so the reference
// library compiled to WebAssembly (@bokuweb/zstd-wasm), loaded once.
import { compress, decompress, init } from '@bokuweb/zstd-wasm';

await init();

export function zstdCompress(data: Buffer, level = 3): Buffer {
  const out = compress(data, level);
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

/** Frame_Content_Size of the first frame (RFC 8878 §3.1.1.1), or undefined when not declared. */
function declaredSize(frame: Buffer): number | undefined {
  if (frame.length < 5 || frame.readUInt32LE(0) !== 0xfd2fb528) return undefined;
  const fhd = frame[4]!;
  const singleSegment = (fhd >> 5) & 1;
  const fcsFlag = fhd >> 6;
  const fcsBytes = [singleSegment ? 1 : 0, 2, 4, 8][fcsFlag]!;
  if (fcsBytes === 0) return undefined;
  const at = 5 + (singleSegment ? 0 : 1) + [0, 1, 2, 4][fhd & 3]!;
  if (frame.length < at + fcsBytes) return undefined;
  if (fcsBytes === 1) return frame[at];
  if (fcsBytes === 2) return frame.readUInt16LE(at) + 256;
  if (fcsBytes === 4) return frame.readUInt32LE(at);
  return Number(frame.readBigUInt64LE(at));
}

/** The data of a zstd frame, refused when it declares or needs more than `maxBytes`. */
export function zstdDecompress(frame: Buffer, maxBytes: number): Buffer {
  const declared = declaredSize(frame);
  if (declared !== undefined && declared > maxBytes)
    throw new RangeError(`zstd data of ${declared} bytes exceeds ${maxBytes}`);
  const out = decompress(frame, { defaultHeapSize: maxBytes });
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

// ClickHouse's own compressed blocks, as its HTTP interface sends them with `compress=1` and reads
// them with `decompress=1` (the JDBC driver asks for them by default):
//   16 bytes CityHash128 v1.0.2 of the rest · 1 byte method (0x82 LZ4, 0x90 ZSTD, 0x02 none) ·
//   4 bytes LE size of method + sizes + data · 4 bytes LE uncompressed size · the data.
// The codecs are maintained packages (lz4-napi: the LZ4 block format; @bokuweb/zstd-wasm: zstd);
// only the 25-byte header and its checksum are written here.
import { compress as lz4Compress, uncompressSync as lz4Uncompress } from 'lz4-napi';
import { cityHash128Bytes } from './cityhash128.ts';
import { zstdCompress, zstdDecompress } from './zstd.ts';

export const METHOD = { none: 0x02, lz4: 0x82, zstd: 0x90 } as const;
export type BlockMethod = keyof typeof METHOD;
const HEADER = 25;
/** ClickHouse's max_compress_block_size: the uncompressed size of one block. */
export const BLOCK_BYTES = 1024 * 1024;

/** The method `network_compression_method` names (ClickHouse's default is LZ4). */
export function blockMethod(setting: string | undefined): BlockMethod | undefined {
  const name = (setting ?? 'lz4').toLowerCase();
  return name === 'lz4' || name === 'lz4hc'
    ? 'lz4'
    : name === 'zstd'
      ? 'zstd'
      : name === 'none'
        ? 'none'
        : undefined;
}

async function encodeOne(data: Buffer, method: BlockMethod): Promise<Buffer> {
  const packed =
    method === 'lz4'
      ? (await lz4Compress(data)).subarray(4) // lz4-napi prepends the uncompressed size (LE u32)
      : method === 'zstd'
        ? zstdCompress(data)
        : data;
  const block = Buffer.allocUnsafe(HEADER + packed.length);
  block[16] = METHOD[method];
  block.writeUInt32LE(9 + packed.length, 17);
  block.writeUInt32LE(data.length, 21);
  packed.copy(block, HEADER);
  cityHash128Bytes(block.subarray(16)).copy(block, 0);
  return block;
}

/**
 * `data` as compressed blocks of at most BLOCK_BYTES each, one at a time: LZ4 runs on libuv's
 * threads and the event loop gets a turn between blocks, so a large answer does not stall the
 * writers that share the process.
 */
export async function* encodeBlocks(data: Buffer, method: BlockMethod = 'lz4'): AsyncGenerator<Buffer> {
  for (let at = 0; at < data.length; at += BLOCK_BYTES) {
    yield await encodeOne(data.subarray(at, at + BLOCK_BYTES), method);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** All the blocks of `data` in one buffer. */
export async function encodeAllBlocks(data: Buffer, method: BlockMethod = 'lz4'): Promise<Buffer> {
  const blocks: Buffer[] = [];
  for await (const block of encodeBlocks(data, method)) blocks.push(block);
  return Buffer.concat(blocks);
}

export class CompressedBlockError extends Error {}

/** The data of a sequence of compressed blocks; checksums verified, at most `maxBytes` of output. */
export function decodeBlocks(input: Buffer, maxBytes: number): Buffer {
  const out: Buffer[] = [];
  let total = 0;
  let at = 0;
  while (at < input.length) {
    if (input.length - at < HEADER)
      throw new CompressedBlockError('Cannot read all data: truncated block header');
    const method = input[at + 16]!;
    const sizeWithHeader = input.readUInt32LE(at + 17);
    const size = input.readUInt32LE(at + 21);
    if (sizeWithHeader < 9 || at + 16 + sizeWithHeader > input.length)
      throw new CompressedBlockError(`Cannot read all data: block of ${sizeWithHeader} bytes is truncated`);
    const body = input.subarray(at + 16, at + 16 + sizeWithHeader);
    if (!cityHash128Bytes(body).equals(input.subarray(at, at + 16)))
      throw new CompressedBlockError("Checksum doesn't match: corrupted data");
    total += size;
    if (total > maxBytes) throw new CompressedBlockError(`decompressed data exceeds ${maxBytes} bytes`);
    const packed = body.subarray(9);
    let data: Buffer;
    if (method === METHOD.lz4) {
      const sized = Buffer.allocUnsafe(4 + packed.length);
      sized.writeUInt32LE(size, 0);
      packed.copy(sized, 4);
      data = lz4Uncompress(sized);
    } else if (method === METHOD.zstd) data = zstdDecompress(packed, size);
    else if (method === METHOD.none) data = Buffer.from(packed);
    else throw new CompressedBlockError(`Unknown compression method: 0x${method.toString(16)}`);
    if (data.length !== size)
      throw new CompressedBlockError(`Cannot decompress: ${data.length} bytes instead of ${size}`);
    out.push(data);
    at += 16 + sizeWithHeader;
  }
  return Buffer.concat(out);
}

// HTTP compression as ClickHouse's HTTP interface does it: a request body in any Content-Encoding
// it reads, and with `enable_http_compression=1` a response in the first encoding of the client's
// Accept-Encoding that it writes. gzip, deflate and br from node:zlib, lz4 frames from lz4-napi,
// zstd from the reference library in WebAssembly (Node 20's zlib has no zstd).
import { promisify } from 'node:util';
import {
  brotliCompress,
  brotliDecompressSync,
  constants,
  deflate,
  gunzipSync,
  gzip,
  inflateSync,
} from 'node:zlib';
import { compressFrame, decompressFrameSync } from 'lz4-napi';
import { zstdCompress, zstdDecompress } from './zstd.ts';

export const HTTP_ENCODINGS = ['gzip', 'deflate', 'br', 'zstd', 'lz4'] as const;
export type HttpEncoding = (typeof HTTP_ENCODINGS)[number];

/** The encoding to answer with: the client's first acceptable one that is written here. */
export function negotiateEncoding(acceptEncoding: string | undefined): HttpEncoding | undefined {
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p))) continue;
    const known = HTTP_ENCODINGS.find((e) => e === (name === 'x-gzip' ? 'gzip' : name));
    if (known) return known;
  }
  return undefined;
}

const gzipAsync = promisify(gzip);
const deflateAsync = promisify(deflate);
const brotliAsync = promisify(brotliCompress);

/**
 * `data` in `encoding`; `level` is http_zlib_compression_level (1–9) for gzip/deflate. zlib and
 * LZ4 run on libuv's threads, off the event loop the writers share.
 */
export async function encodeHttp(data: Buffer, encoding: HttpEncoding, level?: number): Promise<Buffer> {
  switch (encoding) {
    case 'gzip':
      return gzipAsync(data, level ? { level } : {});
    case 'deflate':
      return deflateAsync(data, level ? { level } : {});
    case 'br':
      return brotliAsync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } });
    case 'zstd':
      return zstdCompress(data);
    case 'lz4':
      return compressFrame(data);
  }
}

export class UnknownEncodingError extends Error {}

/** A request body decoded from its Content-Encoding; more than `maxBytes` decoded is a RangeError. */
export function decodeHttp(body: Buffer, contentEncoding: string | undefined, maxBytes: number): Buffer {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  const limit = { maxOutputLength: maxBytes };
  switch (encoding) {
    case '':
    case 'identity':
      return body;
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(body, limit);
    case 'deflate':
      return inflateSync(body, limit);
    case 'br':
      return brotliDecompressSync(body, limit);
    case 'zstd':
      return zstdDecompress(body, maxBytes);
    case 'lz4': {
      const out = decompressFrameSync(body);
      if (out.length > maxBytes) throw new RangeError(`decoded body exceeds ${maxBytes} bytes`);
      return out;
    }
    default:
      throw new UnknownEncodingError(`Unknown HTTP compression method: ${contentEncoding}`);
  }
}

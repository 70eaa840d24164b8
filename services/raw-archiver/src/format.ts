// The archive format: one gzipped NDJSON object per consumed batch, keyed by topic, partition
// and offset range (zero-padded, so listing order is offset order). A batch archived twice after
// a crash overwrites its object, or overlaps an earlier one; replay skips offsets already sent.
import { gunzipSync, gzipSync } from 'node:zlib';

export interface ArchivedRecord {
  /** Offset in the source partition. */
  o: string;
  /** Key (branch id), value (the envelope exactly as produced) and headers, as UTF-8. */
  k: string | null;
  v: string | null;
  h: Record<string, string>;
  /** Broker timestamp (ms). */
  t: string;
}

const pad = (offset: string) => offset.padStart(20, '0');

export function objectKey(
  prefix: string,
  topic: string,
  partition: number,
  first: string,
  last: string,
): string {
  return `${prefix}raw/${topic}/partition=${partition}/${pad(first)}-${pad(last)}.ndjson.gz`;
}

export function parseObjectKey(
  key: string,
): { topic: string; partition: number; first: bigint; last: bigint } | undefined {
  const m = /raw\/([^/]+)\/partition=(\d+)\/(\d{20})-(\d{20})\.ndjson\.gz$/.exec(key);
  return m ? { topic: m[1]!, partition: Number(m[2]), first: BigInt(m[3]!), last: BigInt(m[4]!) } : undefined;
}

export function encode(records: ArchivedRecord[]): Buffer {
  return gzipSync(`${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
}

export function decode(body: Uint8Array): ArchivedRecord[] {
  return gunzipSync(body)
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ArchivedRecord);
}

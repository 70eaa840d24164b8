// The produce path of kafkajs is patched (patches/kafkajs@2.2.4.patch: allocation-free varints,
// pre-sized encoders, slicing-by-8 CRC32C). These tests check the patched encoder against kafkajs's
// own decoder and the CRC against an independent byte-at-a-time CRC32C; the integration tests
// check that the broker accepts what it writes.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = require.resolve('kafkajs').replace(/index\.js$/, '');
const internal = (path: string) => require(`${root}src/protocol/${path}`);
const Encoder = internal('encoder.js');
const Decoder = internal('decoder.js');
const crc32C: (b: Buffer) => number = internal('recordBatch/crc32C/crc32C.js');
const { RecordBatch } = internal('recordBatch/v0/index.js');
const decodeRecordBatch = internal('recordBatch/v0/decoder.js');
const Record = internal('recordBatch/record/v0/index.js');

/** CRC32C (Castagnoli, reflected polynomial 0x82F63B78), one bit at a time. */
function referenceCrc32C(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('patched kafkajs produce encoding', () => {
  it('CRC32C matches the reference for every length from 0 to 300 and the standard check value', () => {
    expect(crc32C(Buffer.from('123456789'))).toBe(0xe3069283);
    for (let n = 0; n <= 300; n++) {
      const bytes = Buffer.from(Array.from({ length: n }, (_, i) => (i * 131 + n * 7) & 0xff));
      expect(crc32C(bytes)).toBe(referenceCrc32C(bytes));
    }
  });

  it('varints and varlongs round-trip on both sides of every byte boundary and of the fast path', () => {
    const ints = [
      0,
      1,
      -1,
      63,
      64,
      -64,
      -65,
      8191,
      8192,
      -8193,
      2 ** 20,
      -(2 ** 27),
      2 ** 30 - 1,
      -(2 ** 30),
    ];
    const longs = [...ints, 2 ** 30, -(2 ** 30) - 1, 2 ** 31, 2 ** 40, -(2 ** 40), Number.MAX_SAFE_INTEGER];
    const encoder = new Encoder(1); // grows from the smallest buffer: every write crosses a boundary
    for (const v of ints) encoder.writeVarInt(v);
    for (const v of longs) encoder.writeVarLong(v);
    const decoder = new Decoder(encoder.buffer);
    expect(ints.map(() => decoder.readVarInt())).toEqual(ints);
    expect(longs.map(() => Number(decoder.readVarLong().toString()))).toEqual(longs);
  });

  it('a record batch decodes to the records it was built from, with a correct CRC', async () => {
    const values = [
      '',
      'x',
      '柜员态度很好,但是等候时间有点长。'.repeat(3),
      'a'.repeat(127),
      'b'.repeat(128),
      'c'.repeat(20_000),
    ];
    const messages = Array.from({ length: 300 }, (_, i) => ({
      key: `B${String(i % 7).padStart(3, '0')}`,
      value: values[i % values.length]!,
      headers: i % 2 ? { 'event-type': 'survey.response', trace: `t-${i}` } : {},
    }));
    const records = messages.map((m, i) => Record({ ...m, offsetDelta: i, timestampDelta: i * 1000 }));
    const encoded = await RecordBatch({
      records,
      firstTimestamp: 1_767_225_600_000,
      maxTimestamp: 1_767_225_600_000 + 299_000,
      lastOffsetDelta: records.length - 1,
    });
    const bytes: Buffer = encoded.buffer;
    // FirstOffset(8) Length(4) PartitionLeaderEpoch(4) Magic(1) CRC(4), then the CRC'd part.
    expect(bytes.readUInt32BE(17)).toBe(referenceCrc32C(bytes.subarray(21)));
    const batch = await decodeRecordBatch(new Decoder(bytes));
    expect(batch.records).toHaveLength(messages.length);
    batch.records.forEach(
      (
        r: { key: Buffer; value: Buffer; offset: string; timestamp: string; headers: Record<string, Buffer> },
        i: number,
      ) => {
        const m = messages[i]!;
        expect(r.key.toString()).toBe(m.key);
        expect(r.value.toString()).toBe(m.value);
        expect(r.offset).toBe(String(i));
        expect(r.timestamp).toBe(String(1_767_225_600_000 + i * 1000));
        expect(Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, v.toString()]))).toEqual(
          m.headers,
        );
      },
    );
  });
});

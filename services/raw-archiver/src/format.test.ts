import { describe, expect, it } from 'vitest';
import { decode, encode, objectKey, parseObjectKey } from './format.ts';

describe('archive format', () => {
  it('keys sort in offset order and parse back', () => {
    const a = objectKey('p/', 'servloop.events.v1', 3, '9', '120');
    const b = objectKey('p/', 'servloop.events.v1', 3, '121', '1000');
    expect(a < b).toBe(true);
    expect(parseObjectKey(b)).toEqual({
      topic: 'servloop.events.v1',
      partition: 3,
      first: 121n,
      last: 1000n,
    });
    expect(parseObjectKey('other/thing')).toBeUndefined();
  });
  it('round-trips records through gzip NDJSON, Chinese text included', () => {
    const records = [
      { o: '5', k: 'B001', v: '{"comment":"等候时间太长"}', h: { 'event-type': 'survey.response' }, t: '1' },
    ];
    expect(decode(encode(records))).toEqual(records);
  });
});

import type { KafkaMessage } from '@servloop/kafka';
import { validExamples } from '@servloop/schemas';
import { describe, expect, it } from 'vitest';
import { prepareBatch } from './batch.ts';

const survey = validExamples().find((e) => e.body.type === 'survey.response')!;
const message = (occurredAt: string): KafkaMessage =>
  ({
    key: Buffer.from('UR001'),
    offset: '7',
    timestamp: '0',
    value: Buffer.from(
      JSON.stringify({
        id: 'evt-1',
        branchId: 'UR001',
        schemaVersion: 1,
        receivedAt: '2026-03-02T17:31:00Z',
        ...survey.body,
        occurredAt,
        data: { ...survey.body.data, customer: { customerKey: 'ck_0123456789abcdef0123456789abcdef' } },
      }),
    ),
  }) as unknown as KafkaMessage;

describe('prepareBatch', () => {
  it("dates a row in the branch's configured zone, not the offset the event carried", () => {
    // 01:30 at +08:00 is 23:30 the evening before in Ürümqi (+06:00).
    const at = '2026-03-03T01:30:00+08:00';
    const zoned = prepareBatch('t', 0, [message(at)], (b) => (b === 'UR001' ? 'Asia/Urumqi' : undefined));
    expect(zoned.rows.get('survey_responses_v1')![0]!.local_date).toBe('2026-03-02');
    expect([...zoned.touched]).toEqual(['UR001|2026-03-02']);
    const unknown = prepareBatch('t', 0, [message(at)]);
    expect(unknown.rows.get('survey_responses_v1')![0]!.local_date).toBe('2026-03-03');
    expect([...unknown.touched]).toEqual(['UR001|2026-03-03']);
  });
});

import type { EventEnvelope } from '@servloop/schemas';
import { validExamples } from '@servloop/schemas';
import { describe, expect, it } from 'vitest';
import { prepareBatch } from './batch.ts';
import { COLUMNS, localDate, npsCategory, toRows } from './mapping.ts';

const trace = { topic: 't', partition: 2, offset: '41' };
function envelope(file: string, id = 'evt-1'): EventEnvelope {
  const ex = validExamples().find((e) => e.file.includes(file))!;
  return {
    id,
    branchId: 'B001',
    schemaVersion: 1,
    receivedAt: '2026-03-02T02:30:00.000Z',
    ...ex.body,
  } as EventEnvelope;
}

describe('mapping', () => {
  it('NPS categories at the boundaries', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsCategory)).toEqual([
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
    expect(npsCategory(undefined)).toBe('');
  });

  it('local date is the day in the branch offset, not in UTC', () => {
    expect(localDate('2026-03-02T01:30:00+08:00')).toBe('2026-03-02'); // 2026-03-01 in UTC
  });

  it('with the branch time zone configured, that zone decides the day, not the offset sent', () => {
    // A kiosk clock sending UTC: 17:30Z is already the next day in Shanghai.
    expect(localDate('2026-03-01T17:30:00Z', 'Asia/Shanghai')).toBe('2026-03-02');
    expect(localDate('2026-03-01T17:30:00Z')).toBe('2026-03-01');
    expect(localDate('2026-03-02T01:30:00+08:00', 'Asia/Urumqi')).toBe('2026-03-01');
    const r = toRows(
      { ...envelope('survey.response/v1/valid/promoter-kiosk'), occurredAt: '2026-03-01T17:30:00Z' },
      trace,
      'Asia/Shanghai',
    );
    expect(r.kind === 'ok' && r.rows[0]!.row.local_date).toBe('2026-03-02');
  });

  it('a loop action reported done becomes a loop_action_events row under the sending branch', () => {
    const r = toRows(envelope('loop.action_completed/v1/valid/training-done'), trace);
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.rows).toEqual([
      {
        table: 'loop_action_events_v1',
        row: expect.objectContaining({
          branch_id: 'B001',
          loop_id: 'B001:efficiency:2026-03-16',
          action_kind: 'training',
          completed_by: 'S-021',
          note: '全员完成服务效率专项培训',
          source: 'event',
          local_date: '2026-03-20',
        }),
      },
    ]);
  });

  it('a visit gets wait and service seconds from the ticket times', () => {
    const r = toRows(envelope('visit.completed/v1/valid/account-opening'), trace);
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.rows[0]!.row).toMatchObject({
      event_id: 'evt-1',
      wait_seconds: 740, // 10:02:10 → 10:14:30
      service_seconds: 400, // 10:15:00 → 10:21:40
      amount: 268.5,
      local_date: '2026-03-02',
      _partition: 2,
      _offset: '41',
    });
  });

  it('a questionnaire becomes one row per item, mapped through the catalogue, plus its NPS', () => {
    const r = toRows(envelope('questionnaire.window_service/v1/valid/full-questionnaire'), trace);
    if (r.kind !== 'ok') throw new Error(r.kind);
    const items = r.rows.filter((x) => x.table === 'questionnaire_answers_v1').map((x) => x.row);
    expect(items).toHaveLength(17);
    expect(items.find((i) => i.item_id === 'efficiency.short_wait')).toMatchObject({
      quality_type: 'soft',
      dimension: 'efficiency',
      servqual_dimension: 'responsiveness',
      expectation: 5,
      perception: 2,
      gap: -3,
    });
    expect(items.filter((i) => i.quality_type === 'hard')).toHaveLength(5);
    const nps = r.rows.find((x) => x.table === 'survey_responses_v1')!.row;
    expect(nps).toMatchObject({ nps: 6, nps_category: 'detractor', channel: 'questionnaire' });
  });

  it('a complaint row carries its lifecycle status', () => {
    const r = toRows(envelope('complaint.resolved/v1/valid/lifecycle'), trace);
    if (r.kind !== 'ok') throw new Error(r.kind);
    expect(r.rows[0]!.table).toBe('complaints_v1');
    expect(r.rows[0]!.row).toMatchObject({ complaint_id: 'C-3001', status: 'resolved', satisfied: null });
  });

  it('a batch splits good rows from poison messages, with reasons for the DLQ', () => {
    const good = Buffer.from(JSON.stringify(envelope('survey.response/v1/valid/promoter-kiosk')));
    const notJson = Buffer.from('{oops');
    const wrong = Buffer.from(
      JSON.stringify({ ...envelope('survey.response/v1/valid/promoter-kiosk'), branchId: 7 }),
    );
    const msg = (value: Buffer | null, offset: string) => ({
      key: null,
      value,
      offset,
      timestamp: '0',
      attributes: 0,
      headers: {},
    });
    const out = prepareBatch('t', 0, [msg(good, '1'), msg(notJson, '2'), msg(wrong, '3'), msg(null, '4')]);
    expect(out.rows.get('survey_responses_v1')).toHaveLength(1);
    expect(out.dropped).toBe(1);
    expect(out.dlq.map((m) => [m.headers!['x-dlq-step'], m.headers!['x-source-offset']])).toEqual([
      ['parse', '2'],
      ['validate', '3'],
    ]);
    expect(String(out.dlq[1]!.headers!['x-dlq-errors'])).toContain('/branchId');
    expect([...out.touched]).toEqual(['B001|2026-03-03']);
  });
});

describe('columns', () => {
  it('every row a mapping produces has exactly the declared columns of its table', () => {
    for (const ex of validExamples()) {
      const r = toRows(
        {
          id: 'e',
          branchId: 'B001',
          schemaVersion: 1,
          receivedAt: '2026-03-02T02:30:00Z',
          ...ex.body,
        } as EventEnvelope,
        trace,
      );
      if (r.kind !== 'ok') throw new Error(ex.file);
      for (const { table, row } of r.rows)
        expect(Object.keys(row).sort(), `${ex.file} → ${table}`).toEqual([...COLUMNS[table]].sort());
    }
  });
});

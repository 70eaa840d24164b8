import type { EventEnvelope } from '@servloop/schemas';
import { describe, expect, it } from 'vitest';
import { COLUMNS, toRows } from './mapping.ts';

const trace = { topic: 'servloop.events.v1', partition: 1, offset: '42' };
const actor = { user: 'quality-hq', role: 'hq', via: 'local', session: '0123456789abcdef' };
const envelope = (type: string, data: Record<string, unknown>) =>
  ({
    id: 'console-1',
    type,
    schemaVersion: 1,
    branchId: 'B001',
    occurredAt: '2026-03-21T02:00:00.000Z',
    receivedAt: '2026-03-21T02:00:00.000Z',
    data,
  }) as unknown as EventEnvelope;

describe('console events', () => {
  it('a note becomes a loop_notes_v1 row and an audit row naming who, from which session', () => {
    const r = toRows(
      envelope('loop.note_added', { loopId: 'B001:efficiency:2026-03-16', note: '增开窗口', actor }),
      trace,
      'Asia/Shanghai',
    );
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.rows.map((x) => x.table)).toEqual(['loop_notes_v1', 'console_audit_v1']);
    expect(r.rows[0]!.row).toMatchObject({
      loop_id: 'B001:efficiency:2026-03-16',
      note: '增开窗口',
      author: 'quality-hq',
      local_date: '2026-03-21',
    });
    expect(r.rows[1]!.row).toMatchObject({
      event_id: 'console-1',
      event_type: 'loop.note_added',
      actor: 'quality-hq',
      actor_role: 'hq',
      actor_session: '0123456789abcdef',
      subject_id: 'B001:efficiency:2026-03-16',
      summary: JSON.stringify({ loopId: 'B001:efficiency:2026-03-16', note: '增开窗口' }),
    });
    for (const { table, row } of r.rows)
      expect(Object.keys(row).sort(), table).toEqual([...COLUMNS[table]].sort());
  });

  it('an override becomes a standard_overrides_v1 row; an action from the console is marked so', () => {
    const o = toRows(
      envelope('standard.overridden', { dimension: 'efficiency', target: 4.3, reason: '新系统', actor }),
      trace,
    );
    expect(o.kind === 'ok' && o.rows[0]).toMatchObject({
      table: 'standard_overrides_v1',
      row: { dimension: 'efficiency', target: 4.3, reason: '新系统', author: 'quality-hq' },
    });
    const a = toRows(
      envelope('loop.action_completed', {
        loopId: 'L1',
        action: 'training',
        completedBy: 'quality-hq',
        actor,
      }),
      trace,
    );
    expect(a.kind === 'ok' && a.rows.map((x) => [x.table, x.row.source ?? x.row.subject_id])).toEqual([
      ['loop_action_events_v1', 'console'],
      ['console_audit_v1', 'L1'],
    ]);
    const callback = toRows(
      envelope('complaint.callback', {
        responseId: 'R1',
        outcome: 'reached',
        calledAt: '2026-03-21T02:00:00Z',
        by: 'hq',
        actor,
      }),
      trace,
    );
    expect(callback.kind === 'ok' && callback.rows.at(-1)!.row.subject_id).toBe('r:R1');
  });

  it("a branch system's event leaves no audit row", () => {
    const r = toRows(
      envelope('loop.action_completed', { loopId: 'L1', action: 'training', completedBy: 'S-1' }),
      trace,
    );
    expect(r.kind === 'ok' && r.rows.map((x) => x.table)).toEqual(['loop_action_events_v1']);
    expect(r.kind === 'ok' && r.rows[0]!.row.source).toBe('event');
  });
});

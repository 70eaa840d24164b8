// The seeded data every documented analyst query is checked against (docs/analysts.md): three
// branches over four weeks, one degrading; seeding goes through the normaliser's own mapping and
// the analytics worker's own jobs. Shared by analyst-queries.e2e.test.ts and jdbc.e2e.test.ts.
import {
  applyStandardOverrides,
  DEFAULT_CONFIG,
  estimateClv,
  evaluateBranch,
  rollup,
  runFloor,
} from '@servloop/analytics-worker';
import {
  COLUMNS,
  COMMENT_ANALYSIS_COLUMNS,
  COMMENT_ANALYSIS_TABLE,
  commentAnalysisRows,
  type Row,
  type Table,
  toRows,
} from '@servloop/normaliser';
import { ALERT_COLUMNS, type EventEnvelope } from '@servloop/schemas';
import { insertRows, migrate, type Warehouse } from '@servloop/warehouse';
import { migrationsDir } from './paths.ts';

export const DAY = 86_400_000;
export const day = (k: number) =>
  new Date(Date.parse('2026-03-02T00:00:00Z') + k * DAY).toISOString().slice(0, 10);
export const BRANCHES = [
  { id: 'B001', region: 'East', degrading: true },
  { id: 'B002', region: 'North', degrading: false },
  { id: 'B003', region: 'East', degrading: false },
];
/** Comments of passives (NPS 8) on the days a branch is not degraded, one a day in turn. */
export const PASSIVE_COMMENTS = [
  '整体还行,就是排队有点久',
  '柜员很专业,但是取号机不好用',
  '环境干净,服务热情',
  '手续有点繁琐,要填好几张表',
  '柜员办理很快,不用等',
];
/** The last day's passive comment at B002 asks for a call back about a fee taken twice. */
export const CALLBACK_COMMENT = '整体还可以,不过上次多扣的手续费麻烦回个电话';
export const ITEMS = [
  'attitude.courtesy',
  'efficiency.quick_response',
  'efficiency.short_wait',
  'performance.trust',
  'process.accuracy',
  'facilities.amenities',
];

function seedEnvelopes(): EventEnvelope[] {
  const out: EventEnvelope[] = [];
  let n = 0;
  const add = (
    branchId: string,
    type: EventEnvelope['type'],
    occurredAt: string,
    data: Record<string, unknown>,
  ) =>
    out.push({
      id: `seed-${n++}`,
      branchId,
      type,
      schemaVersion: 1,
      occurredAt,
      receivedAt: occurredAt.replace('+08:00', 'Z'),
      data,
    } as EventEnvelope);
  for (const b of BRANCHES) {
    for (let k = 0; k < 28; k++) {
      const bad = b.degrading && k >= 14;
      for (let i = 0; i < 6; i++) {
        const at = `${day(k)}T${String(9 + i).padStart(2, '0')}:00:00+08:00`;
        const customer = {
          customerKey: `ck_${b.id.toLowerCase()}${String((k * 6 + i) % 30).padStart(27, '0')}`,
        };
        // Answers carry their visit's id; two colleagues share two windows (the floor views).
        const visitId = `V-${b.id}-${k}-${i}`;
        add(b.id, 'questionnaire.window_service', at, {
          responseId: `Q${n}`,
          visitId,
          customer,
          questionnaireId: 'window-service',
          questionnaireVersion: 1,
          answers: ITEMS.map((itemId, j) => ({
            itemId,
            expectation: 5,
            perception: itemId.startsWith('efficiency')
              ? bad
                ? 2
                : 4 + ((i + j) % 2)
              : 4 + ((i + j + 1) % 2),
          })),
        });
        add(b.id, 'survey.response', at, {
          responseId: `R${n}`,
          visitId,
          customer,
          channel: 'sms',
          nps: bad ? i % 4 : 8 + (i % 3),
          csat: bad ? 2 : 4 + (i % 2),
          ces: bad ? 3 : 6,
          comment:
            bad && i === 0
              ? '等候时间太长,态度冷淡。'
              : !bad && i === 3
                ? b.id === 'B002' && k === 27
                  ? CALLBACK_COMMENT
                  : PASSIVE_COMMENTS[k % PASSIVE_COMMENTS.length]!
                : '',
        });
        const wait = (bad ? 40 : 10) * 60_000;
        const finished = Date.parse(at) + wait + 15 * 60_000;
        const isoAt = (ms: number) => new Date(ms).toISOString();
        add(b.id, 'visit.completed', at, {
          visitId,
          windowId: `W${1 + (i % 2)}`,
          staffId: `${b.id}-S${1 + (k % 2)}`,
          customer,
          serviceType: 'bill_payment',
          ticket: {
            queuedAt: at,
            calledAt: isoAt(Date.parse(at) + wait),
            servedAt: isoAt(Date.parse(at) + wait),
            finishedAt: isoAt(finished),
          },
          amount: { value: 50 + ((k * 7 + i * 13) % 200), currency: 'CNY' },
        });
      }
    }
  }
  const complaint = (
    branchId: string,
    id: string,
    times: [string, string, string, string],
    description: string,
  ) => {
    add(branchId, 'complaint.filed', times[0], {
      complaintId: id,
      channel: 'hotline',
      category: 'efficiency',
      severity: 'medium',
      description,
    });
    add(branchId, 'complaint.acknowledged', times[1], { complaintId: id });
    add(branchId, 'complaint.resolved', times[2], { complaintId: id, resolution: '已处理' });
    add(branchId, 'complaint.followed_up', times[3], { complaintId: id, satisfied: true });
  };
  complaint(
    'B001',
    'C1',
    [
      '2026-03-10T10:00:00+08:00',
      '2026-03-10T12:00:00+08:00',
      '2026-03-14T10:00:00+08:00',
      '2026-03-15T10:00:00+08:00',
    ],
    '等了一个多小时还没办完,我要打12345投诉',
  );
  complaint(
    'B002',
    'C2',
    [
      '2026-03-11T09:00:00+08:00',
      '2026-03-11T10:00:00+08:00',
      '2026-03-11T19:00:00+08:00',
      '2026-03-12T10:00:00+08:00',
    ],
    '手续有点繁琐,要填好几张表',
  );
  // The quality console: a loop note, and a call-back that reaches the first detractor who commented
  // (closing that case).
  const actor = { user: 'quality-hq', role: 'hq', via: 'local', session: '0123456789abcdef' };
  const first = out.find((e) => {
    const d = e.data as { comment?: string; nps?: number };
    return e.type === 'survey.response' && d.comment && (d.nps ?? 10) <= 6;
  });
  add('B001', 'loop.note_added', '2026-03-28T10:00:00+08:00', {
    loopId: 'B001:efficiency:2026-03-16',
    note: '增开窗口',
    actor,
  });
  if (first)
    add(first.branchId, 'complaint.callback', '2026-03-28T11:00:00+08:00', {
      responseId: (first.data as { responseId: string }).responseId,
      outcome: 'reached',
      note: '已致电',
      calledAt: '2026-03-28T11:00:00+08:00',
      by: 'quality-hq',
      actor,
    });
  return out;
}

export const asOf = Date.parse('2026-03-30T00:00:00Z');
/** Migrates and seeds `warehouse`; returns what the two standard-override runs applied. */
export async function seedAnalystData(warehouse: Warehouse): Promise<number[]> {
  const overridesApplied: number[] = [];
  await migrate(warehouse, migrationsDir);
  await insertRows(
    warehouse,
    'branches_v1',
    ['branch_id', 'name', 'region', 'timezone', 'updated_at'],
    BRANCHES.map((b) => ({
      branch_id: b.id,
      name: b.id,
      region: b.region,
      timezone: 'Asia/Shanghai',
      updated_at: asOf,
    })),
  );
  const byTable = new Map<Table, Row[]>();
  for (const [i, e] of seedEnvelopes().entries()) {
    const r = toRows(e, { topic: 'seed', partition: 0, offset: String(i) });
    if (r.kind !== 'ok') throw new Error(`seed event ${e.id} did not map: ${r.kind}`);
    for (const { table, row } of r.rows) byTable.set(table, [...(byTable.get(table) ?? []), row]);
  }
  for (const [table, rows] of byTable) await insertRows(warehouse, table, COLUMNS[table], rows);
  // The comments analysed as the normaliser analyses them in the same batch.
  await insertRows(warehouse, COMMENT_ANALYSIS_TABLE, COMMENT_ANALYSIS_COLUMNS, commentAnalysisRows(byTable));
  await rollup(warehouse, { from: day(0), to: day(27) });
  const raise = async (a: {
    key: string;
    rule: string;
    branchId: string;
    severity: string;
    subject: { en: string };
    figures: Record<string, string | number>;
  }) =>
    insertRows(warehouse, 'alerts_v1', ALERT_COLUMNS, [
      {
        alert_key: a.key,
        rule: a.rule,
        branch_id: a.branchId,
        severity: a.severity,
        subject: a.subject.en,
        details: JSON.stringify(a.figures),
        status: 'queued',
        attempts: 0,
        error: '',
        created_at: asOf,
        updated_at: asOf,
      },
    ]);
  // A standard set by configuration: recorded once, however often the worker starts.
  const override = [{ branchId: 'B003', dimension: 'attitude', target: 3.5 }];
  overridesApplied.push(
    await applyStandardOverrides(warehouse, override, asOf),
    await applyStandardOverrides(warehouse, override, asOf),
  );
  for (const b of BRANCHES) await evaluateBranch({ warehouse, config: DEFAULT_CONFIG, raise }, b.id, asOf);
  await estimateClv(warehouse, asOf);
  await runFloor(warehouse, DEFAULT_CONFIG.floor, { asOf: asOf - 1, days: 28 });
  return overridesApplied;
}

// The regulator's clocks end to end on the warehouse: complaint events mapped by the normaliser's own
// mapping, the clock job (regulator-report refresh) writing complaint_clocks_v1, every documented query
// in docs/complaint-clocks.md run and checked, and the monthly export through the CLI.
// Dates are hand-computed from the 2026 holiday notice (see packages/complaint-clocks/src/engine.test.ts).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_CONFIG, evaluateBranch, parseConfig } from '@servloop/analytics-worker';
import { branchClockAlerts, refreshClocks } from '@servloop/complaint-clock-store';
import { loadPack } from '@servloop/complaint-clocks';
import { COLUMNS, type Row, type Table, toRows } from '@servloop/normaliser';
import type { AlertJob, EventEnvelope } from '@servloop/schemas';
import { readXlsx } from '@servloop/spreadsheet';
import { isolate, resolveEndpoints } from '@servloop/test-harness';
import { insertRows, migrate, openWarehouse } from '@servloop/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnalystEndpoint } from './analyst-endpoint.ts';
import { migrationsDir, repoRoot } from './paths.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'clocks');
const warehouse = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database });
afterAll(() => warehouse.close());

const doc = readFileSync(join(repoRoot, 'docs', 'complaint-clocks.md'), 'utf8');
const queries = new Map(
  [...doc.matchAll(/<!-- query: ([\w-]+) -->[\s\S]*?```sql\n([\s\S]*?)```/g)].map((m) => [
    m[1]!,
    m[2]!.trim(),
  ]),
);

const at = (d: string, t = '10:00') => `${d}T${t}:00+08:00`;
function seed(): EventEnvelope[] {
  const out: EventEnvelope[] = [];
  const add = (branchId: string, type: string, occurredAt: string, data: Record<string, unknown>) =>
    out.push({
      id: `clk-${out.length}`,
      branchId,
      type,
      schemaVersion: 1,
      occurredAt,
      receivedAt: new Date(Date.parse(occurredAt)).toISOString(),
      data,
    } as EventEnvelope);
  const file = (b: string, id: string, day: string, time?: string) =>
    add(b, 'complaint.filed', at(day, time), {
      complaintId: id,
      channel: 'counter',
      category: 'efficiency',
      severity: 'medium',
    });
  const resolve = (b: string, id: string, day: string) =>
    add(b, 'complaint.resolved', at(day), { complaintId: id, resolution: '已处理' });
  const extend = (b: string, id: string, day: string, days: number) =>
    add(b, 'complaint.extended', at(day), {
      complaintId: id,
      reason: '需调取交易流水核实',
      approver: { id: 'M-01', role: 'complaint_manager' },
      extendedBy: days,
      customerInformedAt: at(day, '11:00'),
    });
  const callback = (b: string, id: string, day: string, time: string, outcome: string) =>
    add(b, 'complaint.callback', at(day, time), {
      complaintId: id,
      outcome,
      calledAt: at(day, time),
      by: 'S-12',
    });
  // Bank branch BK1 (cn-banking-insurance-2020)
  file('BK1', 'K1', '2026-02-05'); // +15 → 02-20 (春节) → 02-24; extended to 30 → Sat 03-07 → Mon 03-09
  extend('BK1', 'K1', '2026-02-10', 15);
  resolve('BK1', 'K1', '2026-03-06'); // in time
  file('BK1', 'K2', '2026-02-20'); // +15 → Sat 03-07 → Mon 03-09
  resolve('BK1', 'K2', '2026-03-10'); // late
  file('BK1', 'K3', '2026-03-20'); // extended to 30 → Sun 04-19 → Mon 04-20; warn from 04-17
  extend('BK1', 'K3', '2026-03-25', 15);
  extend('BK1', 'K3', '2026-04-10', 30); // the further extension without senior management: refused
  file('BK1', 'K4', '2026-03-01'); // +15 → Mon 03-16, never decided
  // Government window GV1 (cn-gov-haochaping)
  file('GV1', 'G1', '2026-02-13', '15:00'); // callback due Sat 02-14 (调休); rectification due 03-12
  callback('GV1', 'G1', '2026-02-14', '09:00', 'not_reached');
  callback('GV1', 'G1', '2026-02-14', '16:00', 'reached'); // in time
  resolve('GV1', 'G1', '2026-03-05'); // rectified in time
  file('GV1', 'G2', '2026-04-03'); // callback due Tue 04-07 (清明 04-04..06); rectification due 04-27
  callback('GV1', 'G2', '2026-04-08', '10:00', 'reached'); // late
  // 好差评 ratings as survey responses: only the named bad one (csat ≤ 2 with a customer) starts clocks
  const rating = (id: string, csat: number, customer: Record<string, string>) =>
    add('GV1', 'survey.response', at('2026-04-03'), { responseId: id, customer, channel: 'kiosk', csat });
  rating('R-BAD', 1, { customerKey: 'ck_0123456789abcdef0123456789abcdef' }); // callback due 04-07, rectification 04-27
  rating('R-ANON', 1, {});
  rating('R-OK', 4, { customerKey: 'ck_0123456789abcdef0123456789abcdef' });
  add('GV1', 'complaint.callback', at('2026-04-07', '09:00'), {
    responseId: 'R-BAD',
    outcome: 'reached',
    calledAt: at('2026-04-07', '09:00'),
    by: 'S-12',
  }); // in time
  return out;
}

const asOf = Date.parse(at('2026-04-15', '12:00'));
const refreshed: Awaited<ReturnType<typeof refreshClocks>>[] = [];
beforeAll(async () => {
  await migrate(warehouse, migrationsDir);
  const byTable = new Map<Table, Row[]>();
  for (const [i, e] of seed().entries()) {
    const r = toRows(e, { topic: 'seed', partition: 0, offset: String(i) });
    if (r.kind !== 'ok') throw new Error(`seed event ${e.id} did not map: ${r.kind}`);
    for (const { table, row } of r.rows) byTable.set(table, [...(byTable.get(table) ?? []), row]);
  }
  for (const [table, rows] of byTable) await insertRows(warehouse, table, COLUMNS[table], rows);
  refreshed.push(
    await refreshClocks(warehouse, loadPack('cn-banking-insurance-2020'), asOf, { branches: ['BK1'] }),
    await refreshClocks(warehouse, loadPack('cn-gov-haochaping'), asOf, { branches: ['GV1'] }),
  );
});

async function run(id: string, params: Record<string, string> = {}) {
  const sql = queries.get(id);
  if (!sql) throw new Error(`docs/complaint-clocks.md has no query ${id}`);
  return (await warehouse.client.query({ query: sql, query_params: params, format: 'JSONEachRow' })).json<
    Record<string, string | number | null>
  >();
}
const num = (v: unknown) => Number(v);

describe('docs/complaint-clocks.md queries', () => {
  it('documents the six queries checked here', () => {
    expect([...queries.keys()].sort()).toEqual(
      [
        'callbacks',
        'clock-status',
        'clocks-due-soon',
        'clocks-overdue',
        'extensions',
        'in-time-by-month',
      ].sort(),
    );
  });

  it('the clock job computed 4 bank clocks and 3 × 2 government clocks (2 complaints, 1 rating), none failed', () => {
    expect(refreshed.map((r) => [r.cases, r.clocks, r.failures])).toEqual([
      [4, 4, []],
      [3, 6, []],
    ]);
  });

  it('clock-status: due dates across the Spring Festival, 清明 and a make-up workday', async () => {
    const rows = await run('clock-status');
    expect(
      rows.map((r) => [
        r.clock_id,
        r.complaint_id,
        r.status,
        r.due_date,
        num(r.allowed_days),
        num(r.extensions_used),
        num(r.extensions_refused),
        num(r.breached),
      ]),
    ).toEqual([
      ['decision', 'K1', 'stopped', '2026-03-09', 30, 1, 0, 0],
      ['decision', 'K2', 'stopped', '2026-03-09', 15, 0, 0, 1],
      // open at the job's run; the view judges it against now(), and 04-20 is past
      ['decision', 'K3', 'running', '2026-04-20', 30, 1, 1, 1],
      ['decision', 'K4', 'running', '2026-03-16', 15, 0, 0, 1],
      ['callback', 'G1', 'stopped', '2026-02-14', 1, 0, 0, 0],
      ['rectification', 'G1', 'stopped', '2026-03-12', 15, 0, 0, 0],
      ['callback', 'G2', 'stopped', '2026-04-07', 1, 0, 0, 1],
      ['rectification', 'G2', 'running', '2026-04-27', 15, 0, 0, 1],
      ['callback', 'rating:R-BAD', 'stopped', '2026-04-07', 1, 0, 0, 0],
      ['rectification', 'rating:R-BAD', 'running', '2026-04-27', 15, 0, 0, 1],
    ]);
  });

  it('clocks-due-soon: K3 from 04-17 (3 days left), G2 rectification from 04-22 (3 working days left)', async () => {
    expect((await run('clocks-due-soon', { as_of: '2026-04-16' })).map((r) => r.complaint_id)).toEqual([]);
    expect(
      (await run('clocks-due-soon', { as_of: '2026-04-17' })).map((r) => [r.complaint_id, r.warn_from]),
    ).toEqual([['K3', '2026-04-17']]);
    expect(
      (await run('clocks-due-soon', { as_of: '2026-04-22' })).map((r) => [
        r.complaint_id,
        r.clock_id,
        r.warn_from,
      ]),
    ).toEqual([
      ['G2', 'rectification', '2026-04-22'],
      ['rating:R-BAD', 'rectification', '2026-04-22'],
    ]);
  });

  it('clocks-overdue on 04-15: K4 only, 30 days past its last day', async () => {
    expect(
      (await run('clocks-overdue', { as_of: '2026-04-15' })).map((r) => [
        r.complaint_id,
        num(r.days_overdue),
      ]),
    ).toEqual([['K4', 30]]);
  });

  it('extensions: three recorded with approver and the complainant told; the refused one is among them', async () => {
    const rows = await run('extensions');
    expect(
      rows.map((r) => [
        r.complaint_id,
        r.day,
        r.approver_role,
        num(r.extended_by_days),
        num(r.customer_informed),
      ]),
    ).toEqual([
      ['K1', '2026-02-10', 'complaint_manager', 15, 1],
      ['K3', '2026-03-25', 'complaint_manager', 15, 1],
      ['K3', '2026-04-10', 'complaint_manager', 30, 1],
    ]);
  });

  it('callbacks: GV1 had 3 bad ratings, 2 called back in time, 1 late, 1 unreached attempt', async () => {
    expect(
      (await run('callbacks')).map((r) => [
        r.branch_id,
        num(r.ratings),
        num(r.called_back_in_time),
        num(r.late_or_overdue),
        num(r.unreached_attempts),
      ]),
    ).toEqual([['GV1', 3, 2, 1, 1]]);
  });

  it('in-time-by-month: March bank decisions 1 of 2 in time; 好差评 call-backs 100% in February, 50% in April', async () => {
    expect(
      (await run('in-time-by-month')).map((r) => [
        r.clock_id,
        r.month,
        num(r.closed),
        num(r.in_time),
        num(r.pct_in_time),
      ]),
    ).toEqual([
      ['decision', '2026-03-01', 2, 1, 50],
      ['callback', '2026-02-01', 1, 1, 100],
      ['callback', '2026-04-01', 2, 1, 50],
      ['rectification', '2026-03-01', 1, 1, 100],
    ]);
  });
});

describe('alerts for the analytics worker', () => {
  it('BK1 on 04-15: breach alerts for K2 (decided late) and K4 (open past 03-16); K3 (5 days left) is quiet', async () => {
    const { alerts, failures } = await branchClockAlerts(
      warehouse,
      loadPack('cn-banking-insurance-2020'),
      'BK1',
      asOf,
    );
    expect(failures).toEqual([]);
    expect(alerts.map((a) => [a.key, a.severity])).toEqual([
      ['clock-breach|cn-banking-insurance-2020|decision|BK1|K2|2026-03-09', 'critical'],
      ['clock-breach|cn-banking-insurance-2020|decision|BK1|K4|2026-03-16', 'critical'],
    ]);
  });

  it('BK1 on 04-17: K3 enters its warning window (3 days left to 04-20)', async () => {
    const { alerts } = await branchClockAlerts(
      warehouse,
      loadPack('cn-banking-insurance-2020'),
      'BK1',
      Date.parse(at('2026-04-17', '09:00')),
    );
    expect(alerts.filter((a) => a.rule === 'clock-warning').map((a) => a.subject.en)).toEqual([
      'Complaint K3: "Decide and tell the complainant" due 2026-04-20',
    ]);
  });
  it("the analytics worker's rule registry raises them when the pack is configured (warning before, alert at the breach)", async () => {
    const config = parseConfig({ complaintClocks: { packs: ['cn-banking-insurance-2020'] } });
    const clockKeys = async (at: number) => {
      const raised: AlertJob[] = [];
      await evaluateBranch({ warehouse, config, raise: async (a) => void raised.push(a) }, 'BK1', at);
      return raised
        .filter((a) => a.rule.startsWith('clock-'))
        .map((a) => a.key)
        .sort();
    };
    expect(await clockKeys(asOf)).toEqual([
      'clock-breach|cn-banking-insurance-2020|decision|BK1|K2|2026-03-09',
      'clock-breach|cn-banking-insurance-2020|decision|BK1|K4|2026-03-16',
    ]);
    expect(await clockKeys(Date.parse(at('2026-04-17', '09:00')))).toEqual([
      'clock-breach|cn-banking-insurance-2020|decision|BK1|K2|2026-03-09',
      'clock-breach|cn-banking-insurance-2020|decision|BK1|K4|2026-03-16',
      'clock-warning|cn-banking-insurance-2020|decision|BK1|K3|2026-04-20',
    ]);
    // Without a configured pack the worker raises no clock alerts.
    const quiet: AlertJob[] = [];
    await evaluateBranch(
      { warehouse, config: DEFAULT_CONFIG, raise: async (a) => void quiet.push(a) },
      'BK1',
      asOf,
    );
    expect(quiet.filter((a) => a.rule.startsWith('clock-'))).toEqual([]);
  });
});

describe('monthly export through the CLI', () => {
  it('writes the March banking report as XLSX and CSV, printing progress', async () => {
    // The export only reads, so it goes through the read-only endpoint (this process owns the chDB path).
    const reporter = await startAnalystEndpoint(iso, 'reporter');
    const out = mkdtempSync(join(tmpdir(), 'regulator-report-'));
    try {
      const { stdout } = await promisify(execFile)(
        'pnpm',
        [
          '--filter',
          '@servloop/regulator-report',
          'export',
          '--',
          '--month',
          '2026-03',
          '--pack',
          'cn-banking-insurance-2020',
          '--out',
          out,
          '--branches',
          'BK1',
        ],
        {
          cwd: repoRoot,
          env: {
            ...process.env,
            CLICKHOUSE_URL: reporter.urlWithCredentials,
            CLICKHOUSE_DATABASE: iso.database,
          },
        },
      );
      expect(stdout).toContain(
        'regulator-report: 4 complaint(s); computing cn-banking-insurance-2020 clocks…',
      );
      expect(stdout).toContain('regulator-report: done, 4 row(s), 0 failure(s)');
      const book = await readXlsx(readFileSync(join(out, 'cn-banking-insurance-2020-2026-03.xlsx')));
      // As of 2026-03-31 24:00: K1 and K2 decided in March, K3 received in March, K4 open and late.
      expect(
        book['明细 detail']!.map((r) => [
          r['投诉编号 complaint'],
          r['截止日期 last day'],
          r['月末状态 status at month end'],
        ]),
      ).toEqual([
        ['K1', '2026-03-09', '按时办结 closed in time'],
        ['K2', '2026-03-09', '超时办结 closed late'],
        ['K4', '2026-03-16', '已超时未办结 open, breached'],
        ['K3', '2026-04-20', '处理中 open'],
      ]);
      const summary = Object.fromEntries(
        book['汇总 summary']!.map((r) => [r['指标 metric'], r['数值 value']]),
      );
      expect(summary).toMatchObject({
        '本月受理 received in the month': 2,
        '本月办结 closed in the month': 2,
        '其中按时 of which in time': 1,
        '月末未办结 open at month end': 2,
        '其中已超时 of which breached': 1,
        '本月延期 extensions granted: complex': 1,
      });
      const csv = readFileSync(join(out, 'cn-banking-insurance-2020-2026-03-detail.csv'), 'utf8');
      expect(csv.split('\r\n')[0]).toBe(
        '\uFEFF网点 branch,投诉编号 complaint,时限 clock,受理日期 received,计算方式 days,时限天数 allowed days,延期次数 extensions,延期审批 extension approvals,被拒延期 refused extensions,截止日期 last day,办结日期 closed on,月末状态 status at month end,超时天数 days late',
      );
      expect(csv.split('\r\n').filter(Boolean)).toHaveLength(5);
    } finally {
      await reporter.close();
    }
  });

  it('refuses a bad month or an unknown pack with a usage line (exit 2)', async () => {
    const cli = (args: string[]) =>
      promisify(execFile)(
        'pnpm',
        ['--silent', '--filter', '@servloop/regulator-report', 'export', '--', ...args],
        {
          cwd: repoRoot,
        },
      ).then(
        () => ({ code: 0, stderr: '' }),
        (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
      );
    const noPack = await cli(['--month', '2026-03', '--pack', 'cn-nowhere', '--out', '/tmp/x']);
    expect(noPack.code).not.toBe(0);
    expect(noPack.stderr).toContain('cn-nowhere: / is not a shipped pack');
    expect(noPack.stderr).toContain('usage: regulator-report export');
    const noMonth = await cli(['--pack', 'cn-telecom', '--out', '/tmp/x']);
    expect(noMonth.stderr).toContain('--month is required');
  });
});

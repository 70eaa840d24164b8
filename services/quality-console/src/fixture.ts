// A small, known world for the console's tests (and the browser tests): two regions, three
// branches, a week of NPS, questionnaire answers, a loop with actions, a severe complaint alert and
// a detractor with a comment — written with the same inserts the pipeline uses, then read back by
// the console through its own read-only session. Exported as @servloop/quality-console/fixture.
import { ALERT_COLUMNS } from '@servloop/schemas';
import { insertRows, type Warehouse } from '@servloop/warehouse';
import type { Account, AccountStore } from './accounts.ts';

export const FIXTURE = {
  regions: { north: 'north', south: 'south' },
  branches: [
    { branchId: 'N001', name: '北一营业厅', region: 'north' },
    { branchId: 'N002', name: '北二营业厅', region: 'north' },
    { branchId: 'S001', name: '南一营业厅', region: 'south' },
  ],
  /** A loop and a case in every branch, ids predictable from the branch id. */
  loopId: (b: string) => `${b}:efficiency:2026-11-02`,
  caseId: (b: string) => `r:${b}-resp-detractor`,
  complaintCaseId: (b: string) => `c:${b}-cmp-1`,
  accounts: [
    { username: 'hq', role: 'hq', password: 'hq-password-1' },
    { username: 'north', role: 'region', region: 'north', password: 'north-password-1' },
    { username: 'n001', role: 'branch', branchId: 'N001', password: 'n001-password-1' },
  ] as (Omit<Account, 'via'> & { password: string })[],
};

const TRACE = { _topic: 'fixture', _partition: 0, _offset: 0 };

/** Seeds the fixture into a migrated warehouse; `today` is the branch-local date the data ends on. */
export async function seedFixture(w: Warehouse, today: string, accounts?: AccountStore): Promise<void> {
  const now = Date.parse(`${today}T04:00:00Z`);
  const day = (i: number) =>
    new Date(Date.parse(`${today}T00:00:00Z`) - i * 86_400_000).toISOString().slice(0, 10);
  await insertRows(
    w,
    'branches_v1',
    ['branch_id', 'name', 'region', 'timezone', 'industry', 'updated_at'],
    FIXTURE.branches.map((b) => ({
      branch_id: b.branchId,
      name: b.name,
      region: b.region,
      timezone: 'Asia/Shanghai',
      industry: 'telecom',
      updated_at: now,
    })),
  );
  const nps: Record<string, string | number>[] = [];
  FIXTURE.branches.forEach((b, bi) => {
    for (let i = 0; i < 7; i++) {
      const promoters = 10 + bi * 3 + (i % 3);
      const detractors = 4 + (i % 2);
      const passives = 6;
      const n = promoters + passives + detractors;
      nps.push({
        branch_id: b.branchId,
        region: b.region,
        local_date: day(i),
        n,
        promoters,
        passives,
        detractors,
        score: (100 * (promoters - detractors)) / n,
        ci_low: 0,
        ci_high: 0,
        computed_at: now,
      });
    }
  });
  await insertRows(w, 'nps_daily_v1', Object.keys(nps[0]!), nps);
  const satisfaction = FIXTURE.branches.map((b) => ({
    branch_id: b.branchId,
    region: b.region,
    local_date: day(1),
    n_csat: 40,
    csat_mean: 4.1,
    csat_top_share: 0.75,
    csat_top_low: 0.6,
    csat_top_high: 0.86,
    n_ces: 38,
    ces_mean: 5.2,
    ces_top_share: 0.6,
    ces_top_low: 0.45,
    ces_top_high: 0.73,
    computed_at: now,
  }));
  await insertRows(w, 'satisfaction_daily_v1', Object.keys(satisfaction[0]!), satisfaction);
  const answers: Record<string, string | number | null>[] = [];
  for (const b of FIXTURE.branches)
    for (let r = 0; r < 12; r++)
      for (const [item, dimension, type] of [
        ['efficiency.quick_response', 'efficiency', 'soft'],
        ['attitude.courtesy', 'attitude', 'soft'],
        ['facilities.environment', 'facilities', 'hard'],
      ] as const) {
        const e = 4 + (r % 2);
        const p = 2 + (r % 3);
        answers.push({
          event_id: `${b.branchId}-q-${r}`,
          branch_id: b.branchId,
          response_id: `${b.branchId}-q-${r}`,
          visit_id: '',
          customer_key: '',
          questionnaire_id: 'window-service',
          questionnaire_version: 1,
          item_id: item,
          quality_type: type,
          dimension,
          servqual_dimension: 'responsiveness',
          expectation: e,
          perception: p,
          gap: p - e,
          occurred_at: now - r * 3600_000,
          local_date: day(r % 5),
          received_at: now,
          ...TRACE,
        });
      }
  await insertRows(w, 'questionnaire_answers_v1', Object.keys(answers[0]!), answers);
  const detractors = FIXTURE.branches.map((b) => ({
    event_id: `${b.branchId}-resp-detractor`,
    branch_id: b.branchId,
    response_id: `${b.branchId}-resp-detractor`,
    visit_id: '',
    customer_key: 'ck_0123456789abcdef0123456789abcdef',
    channel: 'sms',
    language: 'zh-CN',
    nps: 2,
    nps_category: 'detractor',
    csat: 2,
    ces: 6,
    comment: '排队太久,窗口只开了一个',
    occurred_at: now - 3600_000,
    local_date: day(0),
    received_at: now,
    ...TRACE,
  }));
  await insertRows(w, 'survey_responses_v1', Object.keys(detractors[0]!), detractors);
  const actions = [
    {
      kind: 'supervision',
      owner: 'branch-manager',
      assignedAt: now - 5 * 86_400_000,
      dueAt: now + 2 * 86_400_000,
      doneAt: null,
      doneBy: '',
      overdueAlerted: false,
    },
    {
      kind: 'training',
      owner: 'branch-manager',
      assignedAt: now - 5 * 86_400_000,
      dueAt: now - 86_400_000,
      doneAt: null,
      doneBy: '',
      overdueAlerted: false,
    },
  ];
  const loopRows = FIXTURE.branches.flatMap((b) =>
    [1, 2, 3, 4].map((step) => ({
      loop_id: FIXTURE.loopId(b.branchId),
      branch_id: b.branchId,
      dimension: 'efficiency',
      version: step,
      step,
      status: 'open',
      iteration: 1,
      escalation: 0,
      target: 4,
      measured: 3.1,
      measured_n: 36,
      baseline: 3.1,
      state: JSON.stringify({ actions: step === 4 ? actions : [] }),
      event: [
        'expectations: mean 4.5 (36 respondents)',
        'standard in force: mean perception ≥ 4',
        'breach: measured 3.10 ± 0.12 (36 respondents, z -7.2) against 4',
        'actions assigned: supervision, training, drill',
      ][step - 1]!,
      opened_at: now - 5 * 86_400_000,
      due_at: now + 9 * 86_400_000,
      updated_at: now - (5 - step) * 86_400_000,
    })),
  );
  await insertRows(w, 'improvement_loops_v1', Object.keys(loopRows[0]!), loopRows);
  await insertRows(
    w,
    'alerts_v1',
    ALERT_COLUMNS,
    FIXTURE.branches.flatMap((b) => [
      {
        alert_key: `severe-complaint|${b.branchId}-cmp-1`,
        rule: 'severe-complaint',
        branch_id: b.branchId,
        severity: 'critical',
        subject: `Severe complaint ${b.branchId}-cmp-1`,
        details: JSON.stringify({ complaint: `${b.branchId}-cmp-1`, severity: 'high' }),
        status: 'sent',
        attempts: 1,
        error: '',
        created_at: now - 7200_000,
        updated_at: now - 7200_000,
      },
      {
        alert_key: `detractor-comment|${b.branchId}|${day(0)}`,
        rule: 'detractor-comment',
        branch_id: b.branchId,
        severity: 'warning',
        subject: `Detractor comments ${b.branchId}`,
        details: JSON.stringify({ detractorsWithComment: 1, date: day(0) }),
        status: 'sent',
        attempts: 1,
        error: '',
        created_at: now - 1800_000,
        updated_at: now - 1800_000,
      },
    ]),
  );
  if (accounts) for (const { password, ...a } of FIXTURE.accounts) accounts.add(a, password);
}

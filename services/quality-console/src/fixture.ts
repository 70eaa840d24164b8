// A small, known world for the console's tests (and the browser tests): two regions, three
// branches, a week of NPS, questionnaire answers, a loop with actions, a severe complaint alert and
// a detractor with a comment, and N001's floor (window and staff scorecards for the latest complete
// week and the one before, visits with answers by wait and the floor job's copy of the waiting
// views, a wait threshold, key drivers) — written with the same inserts the pipeline uses, then
// read back by the console through its own read-only session. N002 and S001 have no floor data
// (数据不足). Exported as @servloop/quality-console/fixture.
import { ALERT_COLUMNS } from '@servloop/schemas';
import { type Cell, insertRows, type Warehouse } from '@servloop/warehouse';
import type { Account, AccountStore } from './accounts.ts';
import { floorPeriodOf } from './floor-period.ts';

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
    // Two colleagues at N001: S2 has a scorecard, S3 had too few answers to be shown.
    {
      username: 'n001-s2',
      role: 'staff',
      branchId: 'N001',
      staffId: 'N001-S2',
      password: 'n001-s2-password-1',
    },
    {
      username: 'n001-s3',
      role: 'staff',
      branchId: 'N001',
      staffId: 'N001-S3',
      password: 'n001-s3-password-1',
    },
  ] as (Omit<Account, 'via'> & { password: string })[],
  floor: {
    branchId: 'N001',
    /**
     * Scorecard rows of the latest complete week: unit → measure → [n, estimate, low, high] and,
     * for a change against the week before, [change, low, high, significant]. W03 and N001-S2 carry
     * significant changes (slower service, falling attitude); W01's NPS change is not significant.
     */
    units: {
      window: {
        W01: {
          visits: 120,
          complaints: 0,
          nps: [40, 42.5, 30.1, 54.9, [6.2, -4.1, 16.5, 0]],
          attitude: [30, 4.31, 4.12, 4.5],
          wait_min: [120, 9.4, 8.6, 10.2],
          service_min: [120, 8.1, 7.6, 8.6],
        },
        W02: {
          visits: 110,
          complaints: 1,
          nps: [35, 30.2, 16.8, 43.6],
          attitude: [28, 4.05, 3.85, 4.25],
          wait_min: [110, 11.2, 10.1, 12.3],
          service_min: [110, 9.0, 8.4, 9.6],
        },
        W03: {
          visits: 95,
          complaints: 3,
          nps: [31, 12.4, -2.3, 27.1],
          attitude: [25, 3.9, 3.66, 4.14],
          wait_min: [95, 18.7, 16.9, 20.5],
          service_min: [95, 16.3, 15.1, 17.5, [7.9, 6.2, 9.6, 1]],
        },
      },
      staff: {
        'N001-S1': {
          visits: 80,
          complaints: 0,
          nps: [26, 38.7, 24.9, 52.5],
          attitude: [20, 4.4, 4.15, 4.65],
          wait_min: [80, 10.3, 9.2, 11.4],
          service_min: [80, 8.8, 8.1, 9.5],
        },
        'N001-S2': {
          visits: 75,
          complaints: 2,
          nps: [22, 8.6, -8.8, 26.0],
          attitude: [18, 3.42, 3.11, 3.73, [-0.91, -1.32, -0.5, 1]],
          wait_min: [75, 12.9, 11.5, 14.3],
          service_min: [75, 10.4, 9.5, 11.3],
        },
      },
    } as Record<'window' | 'staff', Record<string, FloorUnitSeed>>,
    /** Visits with an NPS answer: [wait minutes, answers], ten visits per wait. */
    waits: [
      [2, [9, 9, 9, 9, 10, 10, 10, 9, 8, 8]],
      [7, [9, 9, 10, 9, 10, 9, 8, 8, 8, 5]],
      [17, [9, 10, 8, 8, 8, 3, 4, 5, 6, 2]],
      [25, [9, 8, 8, 8, 2, 3, 4, 5, 6, 1]],
    ] as [number, number[]][],
  },
};

/** One unit's seeded measures: [n, estimate, low, high, change?]; change = [change, low, high, significant]. */
export type FloorMeasureSeed = [number, number, number, number, [number, number, number, 0 | 1]?];
export interface FloorUnitSeed {
  visits: number;
  complaints: number;
  [measure: string]: number | FloorMeasureSeed;
}

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
  // Customer lifetime values at N001: the detractor (CLV 500), a promoter (300), and one customer
  // fitted at N001 first and at N002 since, who counts at N002 only.
  const clv = (
    [
      ['N001', 'ck_0123456789abcdef0123456789abcdef', 500, now - 86_400_000],
      ['N001', 'ck_11111111111111111111111111111111', 300, now - 86_400_000],
      ['N001', 'ck_22222222222222222222222222222222', 700, now - 2 * 86_400_000],
      ['N002', 'ck_22222222222222222222222222222222', 700, now - 86_400_000],
    ] as const
  ).map(([branch_id, customer_key, value, fitted_at]) => ({
    branch_id,
    customer_key,
    model: 'bgnbd_gammagamma',
    x: 3,
    tx: 10,
    t_age: 20,
    mean_spend: 80,
    probability_alive: 0.8,
    expected_visits: 4,
    expected_spend: 80,
    clv: value,
    params: '{}',
    fitted_at,
  }));
  await insertRows(w, 'clv_estimates_v1', Object.keys(clv[0]!), clv);
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
  await seedFloor(w, today, now);
  if (accounts) for (const { password, ...a } of FIXTURE.accounts) accounts.add(a, password);
}

/** N001's floor: scorecards for the latest complete week (and the week before), waits, drivers. */
async function seedFloor(w: Warehouse, today: string, now: number) {
  const b = FIXTURE.floor.branchId;
  const week = floorPeriodOf({}, Date.parse(`${today}T04:00:00Z`));
  const before = floorPeriodOf({ start: day7(week.start) }, now);
  const cards: Record<string, Cell>[] = [];
  for (const period of [before, week])
    for (const level of ['window', 'staff'] as const)
      for (const [unit, seed] of Object.entries(FIXTURE.floor.units[level])) {
        const measures = Object.entries(seed).filter((e): e is [string, FloorMeasureSeed] =>
          Array.isArray(e[1]),
        );
        for (const [measure, [n, estimate, low, high, change]] of measures) {
          const ranked = Object.entries(FIXTURE.floor.units[level])
            .map(([u, s]) => [u, (s.nps as FloorMeasureSeed)[1]] as const)
            .sort((x, y) => y[1] - x[1]);
          const current = period === week;
          cards.push({
            branch_id: b,
            level,
            unit_id: unit,
            period_kind: 'week',
            period_start: period.start,
            period_end: period.end,
            measure,
            n,
            raw: estimate,
            estimate: current ? estimate : estimate - (change?.[0] ?? 0),
            low: current ? low : low - (change?.[0] ?? 0),
            high: current ? high : high - (change?.[0] ?? 0),
            branch_mean: measure === 'nps' ? 28.4 : measure === 'attitude' ? 4.02 : null,
            shrink_weight: 0.8,
            previous: current && change ? estimate - change[0] : null,
            change: current && change ? change[0] : null,
            change_low: current && change ? change[1] : null,
            change_high: current && change ? change[2] : null,
            change_significant: current && change ? change[3] : 0,
            rank: measure === 'nps' ? ranked.findIndex(([u]) => u === unit) + 1 : 0,
            units: measure === 'nps' ? ranked.length : 0,
            visits: seed.visits,
            complaints: seed.complaints,
            computed_at: now,
          });
        }
      }
  await insertRows(w, 'scorecards_v1', Object.keys(cards[0]!), cards);

  // Visits with answers by wait; the slowest tenth (25 min) belongs to two customers with a CLV
  // (500 and 300 above). Answers carry no customer key, so the branch's revenue at risk (by the
  // customers' latest NPS) stays as it was.
  const visits: Record<string, Cell>[] = [];
  const answers: Record<string, Cell>[] = [];
  for (const [wi, [minutes, npsAnswers]] of FIXTURE.floor.waits.entries())
    npsAnswers.forEach((nps, i) => {
      const visitId = `${b}-visit-${wi}-${i}`;
      const finished = now - (wi * 10 + i) * 3600_000;
      const customer =
        minutes === 25
          ? i < 5
            ? 'ck_0123456789abcdef0123456789abcdef'
            : 'ck_11111111111111111111111111111111'
          : '';
      visits.push({
        event_id: visitId,
        branch_id: b,
        visit_id: visitId,
        window_id: `W0${(i % 3) + 1}`,
        staff_id: `${b}-S${(i % 3) + 1}`,
        customer_key: customer,
        service_type: 'account',
        queued_at: finished - (minutes + 8) * 60_000,
        called_at: finished - 8 * 60_000,
        served_at: finished - 8 * 60_000,
        finished_at: finished,
        wait_seconds: minutes * 60,
        service_seconds: 8 * 60,
        amount: null,
        currency: 'CNY',
        occurred_at: finished,
        local_date: day7(today, -((wi * 10 + i) % 7)),
        received_at: now,
        ...TRACE,
      });
      answers.push({
        event_id: `${visitId}-answer`,
        branch_id: b,
        response_id: `${visitId}-answer`,
        visit_id: visitId,
        customer_key: '',
        channel: 'sms',
        language: 'zh-CN',
        nps,
        nps_category: nps >= 9 ? 'promoter' : nps >= 7 ? 'passive' : 'detractor',
        csat: null,
        ces: null,
        comment: '',
        occurred_at: finished + 600_000,
        local_date: day7(today, -((wi * 10 + i) % 7)),
        received_at: now,
        ...TRACE,
      });
    });
  await insertRows(w, 'visits_v1', Object.keys(visits[0]!), visits);
  await insertRows(w, 'survey_responses_v1', Object.keys(answers[0]!), answers);
  // The floor job's copy of the waiting-panel views, as of an hour ago (the worker is another
  // service: its copy cannot be imported here, so the fixture copies every column the table shares
  // with the view).
  for (const [table, view] of [
    ['wait_loyalty_v1', 'wait_loyalty'],
    ['wait_cost_v1', 'wait_cost'],
  ]) {
    const described = await w.client.query({ query: `DESCRIBE TABLE ${table}`, format: 'JSONEachRow' });
    const columns = (await described.json<{ name: string }>())
      .map((c) => c.name)
      .filter((c) => c !== 'computed_at');
    await w.client.command({
      query: `INSERT INTO ${table} (${columns.join(', ')}, computed_at)
              SELECT ${columns.join(', ')}, fromUnixTimestamp64Milli({at:Int64}) FROM ${view}`,
      query_params: { at: now - 3600_000 },
    });
  }

  const from = day7(today, -89);
  await insertRows(w, 'wait_thresholds_v1', Object.keys(WAIT_THRESHOLD), [
    { ...WAIT_THRESHOLD, branch_id: b, from_date: from, to_date: today, computed_at: now },
  ]);
  const drivers = KEY_DRIVERS.map(
    ([term, weight, low, high, share, slope, perception, gain, rank, verdict]) => ({
      branch_id: b,
      outcome: 'nps_answer',
      term,
      from_date: from,
      to_date: today,
      n: 180,
      weight,
      weight_low: low,
      weight_high: high,
      share,
      share_low: share === null ? null : share - 0.08,
      share_high: share === null ? null : share + 0.08,
      slope,
      slope_low: slope === null ? null : slope - 0.3,
      slope_high: slope === null ? null : slope + 0.3,
      mean_perception: perception,
      target: perception === null ? null : 4.5,
      target_source: 'default',
      expected_gain: gain,
      gain_rank: rank,
      verdict,
      replicates: 200,
      computed_at: now,
    }),
  );
  await insertRows(w, 'key_drivers_v1', Object.keys(drivers[0]!), drivers);
}

const day7 = (d: string, days = -7) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const WAIT_THRESHOLD = {
  branch_id: '',
  from_date: '',
  to_date: '',
  outcome: 'promoter',
  n: 40,
  threshold_min: 15,
  threshold_low: 10,
  threshold_high: 20,
  before: 0.7,
  after: 0.15,
  drop: 0.55,
  drop_low: 0.3,
  drop_high: 0.8,
  verdict: 'drop',
  replicates: 200,
  computed_at: 0,
};

/** term, weight [low, high], share of R², slope, mean perception, expected gain, gain rank, verdict. */
const KEY_DRIVERS: [
  string,
  number,
  number,
  number,
  number | null,
  number | null,
  number | null,
  number | null,
  number,
  string,
][] = [
  ['attitude', 0.21, 0.15, 0.27, 0.35, 1.2, 3.9, 0.72, 1, ''],
  ['efficiency', 0.17, 0.11, 0.23, 0.28, 1.0, 3.8, 0.7, 2, ''],
  ['performance', 0.09, 0.05, 0.13, 0.15, 0.5, 4.1, 0.2, 3, ''],
  ['process', 0.07, 0.03, 0.11, 0.12, 0.4, 4.2, 0.12, 4, ''],
  ['facilities', 0.06, 0.02, 0.1, 0.1, 0.3, 4.4, 0.03, 5, ''],
  ['soft', 0.54, 0.46, 0.62, 0.9, null, null, null, 0, ''],
  ['hard', 0.06, 0.02, 0.1, 0.1, null, null, null, 0, ''],
  ['soft_minus_hard', 0.48, 0.38, 0.58, null, null, null, null, 0, 'soft'],
  ['r2', 0.6, 0.52, 0.68, null, null, null, null, 0, ''],
];

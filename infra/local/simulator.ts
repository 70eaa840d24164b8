// Branch simulator: repeat customers with visit histories and spend, surveys, the Chinese
// window-service questionnaire, complaint lifecycles, weekly seasonality, and one branch whose
// service degrades. Signs and posts webhooks (batch endpoint) and reports progress. Comments follow
// the visit's scores and the branch's sector (comments.ts), so the topics analysts, the digest and
// the loop see are the ones the scores explain (GZ001's comments turn to waiting and queues).
import { randomUUID } from 'node:crypto';
import { sign } from '@servloop/webhook-signature';
import type { DemoBranch } from './all-in-one.ts';
import { type Dimension, hallComment, type Sector, sectorOf, type VisitScores } from './comments.ts';

const DAY = 86_400_000;
const EFFICIENCY = [
  'efficiency.quick_response',
  'efficiency.professional_resolution',
  'efficiency.short_wait',
];
const OTHERS = [
  'attitude.courtesy',
  'attitude.communication',
  'attitude.empathy',
  'performance.reliability',
  'performance.trust',
  'process.convenience',
  'process.accuracy',
  'facilities.environment',
  'facilities.amenities',
  'facilities.queue_system',
];

export interface SimulatorOptions {
  gateway: string;
  branches: DemoBranch[];
  /** Days of history to post first (with past timestamps). */
  backfillDays: number;
  /** Live events per second across all branches after the backfill. */
  ratePerSecond: number;
  onProgress?: (p: { sent: number; accepted: number; failed: number }) => void;
}

let seed = 7;
const rand = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
const clamp = (v: number) => Math.max(1, Math.min(5, Math.round(v)));
const iso = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().replace('Z', '+08:00');

/** Events of one customer visit at `at`: the visit, often a survey, sometimes a questionnaire or complaint. */
function visitEvents(at: number, degradation: number, sector: Sector, floor = floorVisit(at, degradation)) {
  const customer = { phone: `139${String(Math.floor(rand() * 400)).padStart(8, '0')}` }; // 400 regulars per branch
  const wait = floor.waitMinutes * 60_000;
  const queued = at - wait - floor.serviceMinutes * 60_000;
  const visitId = `V-${randomUUID().slice(0, 8)}`;
  const events: Record<string, unknown>[] = [
    {
      type: 'visit.completed',
      occurredAt: iso(at),
      data: {
        visitId,
        windowId: floor.windowId,
        staffId: floor.staffId,
        customer,
        serviceType: pick(['account_opening', 'bill_payment', 'sim_replacement', 'plan_change']),
        ticket: {
          queuedAt: iso(queued),
          calledAt: iso(queued + wait),
          servedAt: iso(queued + wait + 30_000),
          finishedAt: iso(at),
        },
        amount: { value: Math.round((20 + rand() * 300) * 100) / 100, currency: 'CNY' },
      },
    },
  ];
  const happy = floor.nps >= 7;
  // How this visit went on each dimension (floorVisit): the questionnaire's items scatter around
  // it, and the customer's comment follows it.
  const scores: VisitScores = floor.scores;
  if (rand() < 0.5) {
    const nps = floor.nps;
    events.push({
      type: 'survey.response',
      occurredAt: iso(at + 600_000),
      data: {
        responseId: `R-${randomUUID().slice(0, 8)}`,
        visitId,
        customer,
        channel: 'sms',
        language: 'zh-CN',
        nps,
        csat: clamp(nps / 2),
        comment: rand() < (happy ? 0.3 : 0.5) ? hallComment(rand, sector, scores) : '',
      },
    });
  }
  if (rand() < 0.4) {
    events.push({
      type: 'questionnaire.window_service',
      occurredAt: iso(at + 900_000),
      data: {
        responseId: `Q-${randomUUID().slice(0, 8)}`,
        visitId,
        customer,
        questionnaireId: 'window-service',
        questionnaireVersion: 1,
        answers: floor.answers,
        nps: floor.nps,
        ...(rand() < 0.15 ? { comment: hallComment(rand, sector, scores) } : {}),
      },
    });
  }
  if (!happy && rand() < 0.05) {
    const complaintId = `C-${randomUUID().slice(0, 8)}`;
    events.push({
      type: 'complaint.filed',
      occurredAt: iso(at + 1_200_000),
      data: {
        complaintId,
        customer,
        channel: 'hotline',
        category: 'efficiency',
        severity: pick(['medium', 'high']),
        description: hallComment(rand, sector, scores, { complaint: true }),
        promisedBy: iso(at + 2 * DAY),
      },
    });
    events.push({
      type: 'complaint.acknowledged',
      occurredAt: iso(at + 3_600_000),
      data: { complaintId, handlerId: 'H-01' },
    });
  }
  return events;
}

async function post(gateway: string, b: DemoBranch, items: Record<string, unknown>[]) {
  const body = JSON.stringify(items.map((e) => ({ id: `sim-${randomUUID()}`, ...e })));
  const id = `batch-${randomUUID()}`;
  const ts = String(Math.floor(Date.now() / 1000));
  const res = await fetch(`${gateway}/v1/branches/${b.branchId}/events/batch`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': ts,
      'webhook-signature': sign(b.secret, id, ts, body),
    },
    body,
  });
  if (res.status !== 207) return { accepted: 0, failed: items.length };
  const results = ((await res.json()) as { results: { status: number }[] }).results;
  return {
    accepted: results.filter((r) => r.status === 202).length,
    failed: results.filter((r) => r.status >= 400).length,
  };
}

/** Runs until `signal` aborts: backfill first, then live traffic at the configured rate. */
export async function simulate(o: SimulatorOptions, signal: AbortSignal) {
  const stats = { sent: 0, accepted: 0, failed: 0 };
  const send = async (b: DemoBranch, items: Record<string, unknown>[]) => {
    const r = await post(o.gateway, b, items).catch(() => ({ accepted: 0, failed: items.length }));
    stats.sent += items.length;
    stats.accepted += r.accepted;
    stats.failed += r.failed;
    o.onProgress?.(stats);
  };
  const now = Date.now();
  for (let d = o.backfillDays; d >= 1 && !signal.aborted; d--) {
    const dayStart = now - d * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    const visits = weekday === 0 || weekday === 6 ? 25 : 15; // weekends are busier in the halls
    for (const b of o.branches) {
      const degradation = b.degrading ? Math.min(1, (o.backfillDays - d) / o.backfillDays + 0.3) : 0;
      const items = Array.from({ length: visits }, () => {
        const at = dayStart + (9 + rand() * 8) * 3_600_000;
        return visitEvents(
          at,
          degradation,
          sectorOf(b.branchId, b.sector),
          floorVisit(at, degradation, DEMO_FLOOR, b.branchId, o.backfillDays - d),
        );
      }).flat();
      await send(b, items);
    }
  }
  while (!signal.aborted) {
    const b = pick(o.branches);
    const at = Date.now() - 1_800_000;
    const degradation = b.degrading ? 1 : 0;
    await send(
      b,
      visitEvents(
        at,
        degradation,
        sectorOf(b.branchId, b.sector),
        floorVisit(at, degradation, DEMO_FLOOR, b.branchId, o.backfillDays),
      ),
    );
    await new Promise((r) => setTimeout(r, 1000 / Math.max(0.1, o.ratePerSecond / 2)));
  }
  return stats;
}

// ── The branch floor (issue 14) ─────────────────────────────────────────────────────────────────
// Windows staffed by colleagues who rotate daily, a window whose service time goes up, a colleague
// whose attitude scores fall, and an NPS answer planted as a linear function of the five quality
// dimensions (what the key-driver analysis should recover) plus a wait past which efficiency is
// felt to drop (what the wait threshold should find). Kept apart from visitEvents to ease merging.

export type FloorDimension = Dimension;
export interface FloorScenario {
  windows: number;
  slowWindow?: { branchId: string; windowId: string; fromDay: number; extraServiceMinutes: number };
  fallingColleague?: {
    branchId: string;
    staffId: string;
    fromDay: number;
    overDays: number;
    attitudeDrop: number;
  };
  /** Waits of at least this many minutes lower the felt efficiency by `waitEfficiencyPenalty`. */
  waitThresholdMinutes: number;
  waitEfficiencyPenalty: number;
  /** NPS answer = round(npsBase + Σ slope × (dimension mean − 4) + N(0, npsNoiseSd)), within 0–10. */
  npsBase: number;
  npsNoiseSd: number;
  npsSlopes: Record<FloorDimension, number>;
}

export const DEMO_FLOOR: FloorScenario = {
  windows: 6,
  slowWindow: { branchId: 'SH001', windowId: 'W03', fromDay: 7, extraServiceMinutes: 8 },
  fallingColleague: { branchId: 'SH002', staffId: 'SH002-S2', fromDay: 7, overDays: 7, attitudeDrop: 1.5 },
  waitThresholdMinutes: 15,
  waitEfficiencyPenalty: 1.2,
  npsBase: 7.5,
  npsNoiseSd: 1,
  npsSlopes: { attitude: 1.2, efficiency: 1, performance: 0.5, process: 0.4, facilities: 0.3 },
};

const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const FLOOR_ITEMS = [...EFFICIENCY, ...OTHERS];

export interface FloorVisit {
  windowId: string;
  staffId: string;
  waitMinutes: number;
  serviceMinutes: number;
  answers: { itemId: string; expectation: number; perception: number }[];
  nps: number;
  /** How the visit went on each dimension, before the questionnaire's item noise (comments follow it). */
  scores: VisitScores;
}

/** Colleague of a window on a day: colleagues move one window along each day. */
export const floorStaff = (branchId: string, window: number, day: number, windows: number) =>
  `${branchId}-S${((window + day) % windows) + 1}`;

/** One visit on the floor of `branchId` on simulated day `day` (0 = the first). */
export function floorVisit(
  _at: number,
  degradation: number,
  scenario: FloorScenario = DEMO_FLOOR,
  branchId = '',
  day = 0,
): FloorVisit {
  const w = Math.floor(rand() * scenario.windows);
  const windowId = `W0${w + 1}`;
  const staffId = floorStaff(branchId || 'B', w, day, scenario.windows);
  const waitMinutes = 5 + rand() * 15 + degradation * 30;
  const slow = scenario.slowWindow;
  const serviceMinutes =
    6 +
    rand() * 8 +
    (slow && slow.branchId === branchId && slow.windowId === windowId && day >= slow.fromDay
      ? slow.extraServiceMinutes
      : 0);
  const fall = scenario.fallingColleague;
  const attitudeDrop =
    fall && fall.branchId === branchId && fall.staffId === staffId && day >= fall.fromDay
      ? fall.attitudeDrop * Math.min(1, (day - fall.fromDay + 1) / fall.overDays)
      : 0;
  const mood = 0.3 * normal();
  const latent: Record<FloorDimension, number> = {
    attitude: 4 + mood + 0.5 * normal() - attitudeDrop,
    efficiency:
      4 +
      mood +
      0.5 * normal() -
      degradation * 2.6 -
      (waitMinutes >= scenario.waitThresholdMinutes ? scenario.waitEfficiencyPenalty : 0),
    performance: 4 + mood + 0.5 * normal(),
    process: 4 + mood + 0.5 * normal(),
    facilities: 4 + 0.5 * normal(),
  };
  const answers = FLOOR_ITEMS.map((itemId) => ({
    itemId,
    expectation: clamp(4.2 + rand() * 0.6),
    perception: clamp(latent[itemId.split('.')[0] as FloorDimension] + 0.4 * normal()),
  }));
  // The answer follows the dimensions as the customer reported them (the item means).
  let y = scenario.npsBase + scenario.npsNoiseSd * normal();
  for (const d of Object.keys(scenario.npsSlopes) as FloorDimension[]) {
    const own = answers.filter((a) => a.itemId.startsWith(`${d}.`));
    y += scenario.npsSlopes[d] * (own.reduce((a, x) => a + x.perception, 0) / own.length - 4);
  }
  return {
    windowId,
    staffId,
    waitMinutes,
    serviceMinutes,
    answers,
    nps: Math.max(0, Math.min(10, Math.round(y))),
    scores: latent,
  };
}

/**
 * The simulator's generator without the network: `days` days of visits (and their surveys,
 * questionnaires, complaints) per branch from `startMs`, as unsigned events; same seed, same events.
 */
export function simulateFloorDays(o: {
  branches: { branchId: string; degrading?: boolean }[];
  days: number;
  startMs: number;
  visitsPerDay: number;
  scenario: FloorScenario;
  seed?: number;
}): { branchId: string; day: number; events: Record<string, unknown>[] }[] {
  seed = o.seed ?? 7;
  const out: { branchId: string; day: number; events: Record<string, unknown>[] }[] = [];
  for (let day = 0; day < o.days; day++)
    for (const b of o.branches) {
      const degradation = b.degrading ? Math.min(1, day / o.days + 0.3) : 0;
      const events = Array.from({ length: o.visitsPerDay }, () => {
        const at = o.startMs + day * DAY + (1 + rand() * 8) * 3_600_000;
        return visitEvents(
          at,
          degradation,
          sectorOf(b.branchId),
          floorVisit(at, degradation, o.scenario, b.branchId, day),
        );
      }).flat();
      out.push({ branchId: b.branchId, day, events });
    }
  return out;
}

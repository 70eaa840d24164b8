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
function visitEvents(at: number, degradation: number, sector: Sector) {
  const customer = { phone: `139${String(Math.floor(rand() * 400)).padStart(8, '0')}` }; // 400 regulars per branch
  const wait = (5 + rand() * 15 + degradation * 30) * 60_000;
  const queued = at - wait - 10 * 60_000;
  const visitId = `V-${randomUUID().slice(0, 8)}`;
  const events: Record<string, unknown>[] = [
    {
      type: 'visit.completed',
      occurredAt: iso(at),
      data: {
        visitId,
        windowId: `W0${1 + Math.floor(rand() * 6)}`,
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
  const efficiency = 4.4 - degradation * 2.6 + (rand() - 0.5);
  const happy = efficiency > 3.5;
  // How this visit went on each dimension: the questionnaire's items scatter around it, and the
  // customer's comment follows it. Only efficiency degrades; the others vary visit by visit.
  const scores: VisitScores = {
    efficiency,
    attitude: 4.1 + (rand() - 0.5) * 1.5,
    performance: 4.1 + (rand() - 0.5) * 1.5,
    process: 4.1 + (rand() - 0.5) * 1.5,
    facilities: 4.1 + (rand() - 0.5) * 1.5,
  };
  if (rand() < 0.5) {
    const nps = happy ? 7 + Math.floor(rand() * 4) : Math.floor(rand() * 7);
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
        answers: [
          ...EFFICIENCY.map((itemId) => ({
            itemId,
            expectation: clamp(4.2 + rand() * 0.6),
            perception: clamp(efficiency + (rand() - 0.5)),
          })),
          ...OTHERS.map((itemId) => ({
            itemId,
            expectation: clamp(4 + rand()),
            perception: clamp(scores[itemId.split('.')[0] as Dimension] + (rand() - 0.5) * 0.8),
          })),
        ],
        nps: happy ? 9 : 5,
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
      const items = Array.from({ length: visits }, () =>
        visitEvents(dayStart + (9 + rand() * 8) * 3_600_000, degradation, sectorOf(b.branchId, b.sector)),
      ).flat();
      await send(b, items);
    }
  }
  while (!signal.aborted) {
    const b = pick(o.branches);
    await send(b, visitEvents(Date.now() - 1_800_000, b.degrading ? 1 : 0, sectorOf(b.branchId, b.sector)));
    await new Promise((r) => setTimeout(r, 1000 / Math.max(0.1, o.ratePerSecond / 2)));
  }
  return stats;
}

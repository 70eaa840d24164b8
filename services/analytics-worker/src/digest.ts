// The daily digest for the quality team: NPS per branch (with n and interval), alerts raised, open
// loops, and the week's top negative comment topics per branch (share of the week's comments with
// its interval and n, against the week before). Facts by named queries, words from copy.ts.
import { wilson } from '@servloop/metrics';
import type { AlertJob } from '@servloop/schemas';
import type { Warehouse } from '@servloop/warehouse';
import { copy } from './copy.ts';
import { rows } from './sql.ts';

const DAY = 86_400_000;

export interface DigestFacts {
  date: string;
  nps: { branchId: string; n: number; score: number | null; ciLow: number; ciHigh: number }[];
  alertsRaised: number;
  openLoops: { branchId: string; dimension: string; step: number; status: string }[];
  /** The week's top negative comment topics per branch (absent in digests made before comments). */
  commentTopics?: BranchCommentTopics[];
}

/** Comments negative (or mixed) on one topic in a branch's week, and in the week before. */
export interface NegativeTopicCount {
  branchId: string;
  topic: string;
  count: number;
  previousCount: number;
}
/** A branch's comments in the week and the week before (the share's denominators). */
export interface BranchCommentCount {
  branchId: string;
  comments: number;
  previousComments: number;
}
export interface NegativeTopic {
  topic: string;
  count: number;
  /** count / the week's comments, with its 95% Wilson interval. */
  share: number;
  ciLow: number;
  ciHigh: number;
  previousCount: number;
  /** null when the week before had no comments. */
  previousShare: number | null;
  /** share − previousShare (a fraction), null when the week before had no comments. */
  change: number | null;
}
export interface BranchCommentTopics {
  branchId: string;
  /** The week's comments (n), and the week before's. */
  comments: number;
  previousComments: number;
  topics: NegativeTopic[];
}

/** The days a digest's comment week covers: the 7 local days ending on the digest's date, and the 7 before. */
export function commentWeeks(date: string): { from: string; previousFrom: string; to: string } {
  const at = (k: number) => new Date(Date.parse(`${date}T00:00:00Z`) + k * DAY).toISOString().slice(0, 10);
  return { from: at(-6), previousFrom: at(-13), to: date };
}

/**
 * Per branch with comments this week: its top negative topics, most comments first (ties by name).
 * Shares are of all the week's comments, whatever they were about.
 */
export function topNegativeTopics(
  branches: readonly BranchCommentCount[],
  counts: readonly NegativeTopicCount[],
  maxPerBranch = 3,
): BranchCommentTopics[] {
  return branches
    .filter((b) => b.comments > 0)
    .sort((a, b) => a.branchId.localeCompare(b.branchId))
    .map((b) => ({
      branchId: b.branchId,
      comments: b.comments,
      previousComments: b.previousComments,
      topics: counts
        .filter((c) => c.branchId === b.branchId && c.count > 0)
        .sort((x, y) => y.count - x.count || x.topic.localeCompare(y.topic))
        .slice(0, maxPerBranch)
        .map((c) => {
          const share = c.count / b.comments;
          const [ciLow, ciHigh] = wilson(c.count, b.comments)!;
          const previousShare = b.previousComments > 0 ? c.previousCount / b.previousComments : null;
          return {
            topic: c.topic,
            count: c.count,
            share,
            ciLow,
            ciHigh,
            previousCount: c.previousCount,
            previousShare,
            change: previousShare === null ? null : share - previousShare,
          };
        }),
    }));
}

/** The week's comments per branch and their negative topics (comment_analysis_latest, comment_topics). */
export async function commentTopicFacts(w: Warehouse, date: string): Promise<BranchCommentTopics[]> {
  const p = commentWeeks(date);
  const branches = await rows<{ branch_id: string; n: string; prev: string }>(
    w,
    `SELECT branch_id, countIf(local_date >= {from:Date}) AS n, countIf(local_date < {from:Date}) AS prev
     FROM comment_analysis_latest WHERE local_date >= {previousFrom:Date} AND local_date <= {to:Date}
     GROUP BY branch_id`,
    p,
  );
  const counts = await rows<{ branch_id: string; topic: string; n: string; prev: string }>(
    w,
    `SELECT branch_id, topic, countIf(local_date >= {from:Date}) AS n, countIf(local_date < {from:Date}) AS prev
     FROM comment_topics
     WHERE topic_sentiment IN ('negative', 'mixed') AND local_date >= {previousFrom:Date} AND local_date <= {to:Date}
     GROUP BY branch_id, topic`,
    p,
  );
  return topNegativeTopics(
    branches.map((b) => ({ branchId: b.branch_id, comments: Number(b.n), previousComments: Number(b.prev) })),
    counts.map((c) => ({
      branchId: c.branch_id,
      topic: c.topic,
      count: Number(c.n),
      previousCount: Number(c.prev),
    })),
  );
}

export async function digestFacts(w: Warehouse, asOf: number): Promise<DigestFacts> {
  const date = new Date(asOf - DAY).toISOString().slice(0, 10);
  const nps = await rows<{
    branch_id: string;
    n: string;
    score: number | null;
    ci_low: number;
    ci_high: number;
  }>(
    w,
    'SELECT branch_id, n, score, ci_low, ci_high FROM nps_daily_v1 FINAL WHERE local_date = {d:Date} ORDER BY branch_id',
    { d: date },
  );
  const [alerts] = await rows<{ c: string }>(
    w,
    "SELECT count() AS c FROM alerts_v1 FINAL WHERE toDate(created_at) = {d:Date} AND rule != 'digest'",
    { d: date },
  );
  const loops = await rows<{ branch_id: string; dimension: string; step: number; status: string }>(
    w,
    "SELECT branch_id, dimension, step, status FROM improvement_loops_current WHERE status != 'closed' ORDER BY branch_id, dimension",
  );
  return {
    date,
    nps: nps.map((r) => ({
      branchId: r.branch_id,
      n: Number(r.n),
      score: r.score === null ? null : Number(r.score),
      ciLow: Number(r.ci_low),
      ciHigh: Number(r.ci_high),
    })),
    alertsRaised: Number(alerts?.c ?? 0),
    commentTopics: await commentTopicFacts(w, date),
    openLoops: loops.map((l) => ({
      branchId: l.branch_id,
      dimension: l.dimension,
      step: Number(l.step),
      status: l.status,
    })),
  };
}

/** The digest email (pure): one per day, keyed by the date. */
export function digestAlert(f: DigestFacts): AlertJob {
  return {
    key: `digest|${f.date}`,
    rule: 'digest',
    branchId: '*',
    severity: 'info',
    subject: copy.digestTitle(f.date),
    lines: [
      ...f.nps.map((r) => copy.digestNps(r.branchId, r.score, r.ciLow, r.ciHigh, r.n)),
      ...f.openLoops.map((l) => copy.digestLoop(l.branchId, l.dimension, l.step, l.status)),
      ...(f.commentTopics ?? []).flatMap((b) =>
        b.topics.map((t) => copy.digestCommentTopic(b.branchId, t, b.comments, b.previousComments)),
      ),
    ],
    figures: {
      date: f.date,
      branches: f.nps.length,
      alertsRaised: f.alertsRaised,
      openLoops: f.openLoops.length,
      commentsThisWeek: (f.commentTopics ?? []).reduce((sum, b) => sum + b.comments, 0),
    },
    details: `SELECT * FROM nps_daily WHERE local_date = '${f.date}'`,
  };
}

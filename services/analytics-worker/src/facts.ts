// Named, typed queries that gather one branch's facts. Every value is coerced here, once: numbers
// become numbers, ClickHouse's zero timestamp (a stage that has not happened) becomes null.
import { computeAll, loadCases } from '@servloop/complaint-clock-store';
import { loadPack, type Pack } from '@servloop/complaint-clocks';
import type { RespondentScores } from '@servloop/metrics';
import type { Warehouse } from '@servloop/warehouse';
import { type AnalysedComment, commentEvidence } from './comment-evidence.ts';
import type { AnalyticsConfig } from './config.ts';
import { DIMENSIONS } from './copy.ts';
import type {
  ActionCompletion,
  BranchFacts,
  ClockFacts,
  CommentNeedingResponse,
  ComplaintFacts,
  DetractorDayFacts,
  DimensionFacts,
  ExpectationProfile,
  NpsPeriodFacts,
  StandardChange,
} from './facts-types.ts';
import type { LoopState } from './loop.ts';
import { addDays, completedPeriods, localDay, type Period } from './periods.ts';
import { rows } from './sql.ts';

const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
const n = (v: unknown) => Number(v ?? 0);
const msOrNull = (v: unknown) => (v === null || v === undefined || Number(v) <= 0 ? null : Number(v));

export async function branchTimeZone(w: Warehouse, branchId: string): Promise<string> {
  const [r] = await rows<{ timezone: string }>(
    w,
    'SELECT timezone FROM branches_v1 FINAL WHERE branch_id = {b:String}',
    { b: branchId },
  );
  return r?.timezone || DEFAULT_TIME_ZONE;
}

/** Local days since `from` with detractor comments (NPS ≤ maxNps, comment long enough). */
export async function detractorDays(
  w: Warehouse,
  branchId: string,
  from: string,
  c: AnalyticsConfig['detractorComment'],
): Promise<DetractorDayFacts[]> {
  const r = await rows<{ local_date: string; n: string; sample: string }>(
    w,
    `SELECT local_date, count() AS n, any(comment) AS sample FROM survey_responses_latest
     WHERE branch_id = {b:String} AND nps <= {maxNps:UInt8} AND lengthUTF8(comment) >= {minLen:UInt32}
       AND local_date >= {from:Date}
     GROUP BY local_date ORDER BY local_date`,
    { b: branchId, from, maxNps: c.maxNps, minLen: c.minCommentLength },
  );
  return r.map((x) => ({ localDate: x.local_date, count: n(x.n), sample: x.sample }));
}

/**
 * Comments since `from` (branch-local days) that the latest analyser version says need a response,
 * with their text from the source row (the survey comment or the complaint description).
 */
export async function commentsNeedingResponse(
  w: Warehouse,
  branchId: string,
  from: string,
): Promise<CommentNeedingResponse[]> {
  const r = await rows<{
    event_id: string;
    source: string;
    source_id: string;
    local_date: string;
    reasons: string[];
    matched_terms: string[];
    analyser_version: string;
    text: string | null;
  }>(
    w,
    `SELECT a.event_id AS event_id, a.source AS source, a.source_id AS source_id, a.local_date AS local_date,
            a.reasons AS reasons, a.matched_terms AS matched_terms, a.analyser_version AS analyser_version,
            t.text AS text
     FROM (SELECT * FROM comment_analysis_latest
           WHERE branch_id = {b:String} AND needs_response = 1 AND local_date >= {from:Date}) AS a
     LEFT JOIN (
       SELECT event_id, comment AS text FROM survey_responses_v1
       WHERE branch_id = {b:String} AND local_date >= {from:Date} AND comment != ''
       UNION ALL
       SELECT event_id, description AS text FROM complaints_v1
       WHERE branch_id = {b:String} AND local_date >= {from:Date} AND description != ''
     ) AS t ON t.event_id = a.event_id
     ORDER BY a.occurred_at, a.event_id
     LIMIT 1 BY a.event_id`,
    { b: branchId, from },
  );
  return r.map((x) => ({
    eventId: x.event_id,
    source: x.source,
    sourceId: x.source_id,
    localDate: x.local_date,
    reasons: x.reasons,
    matchedTerms: x.matched_terms,
    analyserVersion: x.analyser_version,
    text: x.text ?? '',
  }));
}

export async function complaints(w: Warehouse, branchId: string, asOf: number): Promise<ComplaintFacts[]> {
  const r = await rows<Record<string, string | null>>(
    w,
    `SELECT complaint_id, severity, category, toUnixTimestamp64Milli(filed_at) AS filed,
            toUnixTimestamp64Milli(acknowledged_at) AS acked, toUnixTimestamp64Milli(resolved_at) AS resolved,
            toUnixTimestamp64Milli(followed_up_at) AS followed
     FROM complaints_current_v1 WHERE branch_id = {b:String} AND filed_at <= fromUnixTimestamp64Milli({asOf:Int64})
       AND filed_at > toDateTime64(0, 3, 'UTC')
     ORDER BY complaint_id`,
    { b: branchId, asOf },
  );
  return r.map((x) => ({
    complaintId: String(x.complaint_id),
    severity: String(x.severity ?? ''),
    category: String(x.category ?? ''),
    filedAt: n(x.filed),
    acknowledgedAt: msOrNull(x.acked),
    resolvedAt: msOrNull(x.resolved),
    followedUpAt: msOrNull(x.followed),
  }));
}

/** NPS answer counts of a completed period (local days). */
export async function npsPeriod(w: Warehouse, branchId: string, period: Period): Promise<NpsPeriodFacts> {
  const [x] = await rows<{ p: string; pa: string; d: string }>(
    w,
    `SELECT countIf(nps_category = 'promoter') AS p, countIf(nps_category = 'passive') AS pa,
            countIf(nps_category = 'detractor') AS d
     FROM survey_responses_latest WHERE branch_id = {b:String} AND nps IS NOT NULL
       AND local_date >= {from:Date} AND local_date < {to:Date}`,
    { b: branchId, from: period.from, to: period.to },
  );
  return { period, counts: { promoters: n(x?.p), passives: n(x?.pa), detractors: n(x?.d) } };
}

/** Per dimension: each respondent's perception scores in the period (a questionnaire is one respondent). */
export async function respondentScores(
  w: Warehouse,
  branchId: string,
  period: Period,
): Promise<Map<string, RespondentScores[]>> {
  const r = await rows<{ dimension: string; s: string; ss: string; k: string }>(
    w,
    `SELECT dimension, response_id, sum(perception) AS s, sum(perception * perception) AS ss, count() AS k
     FROM questionnaire_answers_latest
     WHERE branch_id = {b:String} AND perception IS NOT NULL AND local_date >= {from:Date} AND local_date < {to:Date}
     GROUP BY dimension, response_id`,
    { b: branchId, from: period.from, to: period.to },
  );
  const out = new Map<string, RespondentScores[]>();
  for (const x of r) {
    const list = out.get(x.dimension) ?? [];
    list.push({ sum: n(x.s), sumSquares: n(x.ss), items: n(x.k) });
    out.set(x.dimension, list);
  }
  return out;
}

/** Per dimension: what customers expect (respondent means) and the items with the largest shortfall. */
export async function expectationProfiles(
  w: Warehouse,
  branchId: string,
  from: string,
  to: string,
): Promise<Map<string, ExpectationProfile>> {
  const p = { b: branchId, from, to };
  const means = await rows<{ dimension: string; mean: number | null; n: string }>(
    w,
    `SELECT dimension, avg(e) AS mean, count() AS n FROM (
       SELECT dimension, response_id, avg(expectation) AS e FROM questionnaire_answers_latest
       WHERE branch_id = {b:String} AND expectation IS NOT NULL AND local_date >= {from:Date} AND local_date < {to:Date}
       GROUP BY dimension, response_id)
     GROUP BY dimension`,
    p,
  );
  const gaps = await rows<{ dimension: string; item_id: string; mean_gap: number; n: string }>(
    w,
    `SELECT dimension, item_id, avg(gap) AS mean_gap, count(gap) AS n FROM questionnaire_answers_latest
     WHERE branch_id = {b:String} AND gap IS NOT NULL AND local_date >= {from:Date} AND local_date < {to:Date}
     GROUP BY dimension, item_id ORDER BY mean_gap ASC, item_id LIMIT 3 BY dimension`,
    p,
  );
  const out = new Map<string, ExpectationProfile>();
  for (const m of means)
    out.set(m.dimension, {
      meanExpectation: m.mean === null ? null : Number(m.mean),
      respondents: n(m.n),
      topGaps: [],
    });
  for (const g of gaps) {
    const profile = out.get(g.dimension) ?? { meanExpectation: null, respondents: 0, topGaps: [] };
    profile.topGaps.push({ itemId: g.item_id, gap: Number(g.mean_gap), nPairs: n(g.n) });
    out.set(g.dimension, profile);
  }
  return out;
}

/** The branch's analysed comments of a period (latest analyser version; any topic or none). */
export async function analysedComments(
  w: Warehouse,
  branchId: string,
  period: Period,
): Promise<AnalysedComment[]> {
  const r = await rows<{
    topics: string[];
    topic_sentiments: string[];
    subtopics: string[];
    matched_terms: string[];
  }>(
    w,
    `SELECT topics, topic_sentiments, subtopics, matched_terms FROM comment_analysis_latest
     WHERE branch_id = {b:String} AND local_date >= {from:Date} AND local_date < {to:Date}
     ORDER BY occurred_at, event_id`,
    { b: branchId, from: period.from, to: period.to },
  );
  return r.map((x) => ({
    topics: x.topics,
    topicSentiments: x.topic_sentiments,
    subtopics: x.subtopics,
    matchedTerms: x.matched_terms,
  }));
}

/**
 * Every recorded change of the branch's standards and of the '*' defaults: the worker's and the
 * CLI's (standards_v1) and people's overrides from the quality console (standard.overridden events,
 * standard_overrides_v1; version 0, ordered by time like every change).
 */
export async function standardHistory(w: Warehouse, branchId?: string): Promise<StandardChange[]> {
  const where = branchId === undefined ? '' : "WHERE branch_id IN ({b:String}, '*')";
  const r = await rows<Record<string, string | number>>(
    w,
    `SELECT * FROM (
       SELECT toString(branch_id) AS branch_id, toString(dimension) AS dimension, version, target_perception,
              toString(source) AS source, toString(via) AS via, changed_by, reason, content_hash, change_id,
              toUnixTimestamp64Milli(created_at) AS created
       FROM standards_v1 FINAL ${where}
       UNION ALL
       SELECT toString(branch_id), toString(dimension), toUInt32(0), target, 'override', 'console', author, reason, '', event_id,
              toUnixTimestamp64Milli(occurred_at)
       FROM standard_overrides_v1 FINAL ${where})
     ORDER BY created, version`,
    { b: branchId ?? '' },
  );
  return r.map((x) => ({
    branchId: String(x.branch_id),
    dimension: String(x.dimension),
    version: n(x.version),
    target: n(x.target_perception),
    source: String(x.source) as StandardChange['source'],
    via: (String(x.via) || (x.source === 'override' ? 'file' : 'worker')) as StandardChange['via'],
    changedBy: String(x.changed_by),
    reason: String(x.reason),
    contentHash: String(x.content_hash),
    changeId: String(x.change_id),
    createdAt: n(x.created),
  }));
}

/** The latest loop state per dimension. */
export async function latestLoops(w: Warehouse, branchId: string): Promise<Map<string, LoopState>> {
  const r = await rows<{ dimension: string; state: string }>(
    w,
    `SELECT dimension, state FROM improvement_loops_v1 FINAL WHERE branch_id = {b:String}
     ORDER BY dimension, opened_at DESC, version DESC LIMIT 1 BY dimension`,
    { b: branchId },
  );
  return new Map(r.map((x) => [x.dimension, JSON.parse(x.state) as LoopState]));
}

/** Actions reported done for the branch's loops (events through the gateway, or the CLI). */
export async function actionCompletions(
  w: Warehouse,
  branchId: string,
  asOf: number,
): Promise<ActionCompletion[]> {
  const r = await rows<{
    loop_id: string;
    action_kind: string;
    at: string;
    completed_by: string;
    note: string;
  }>(
    w,
    `SELECT loop_id, action_kind, toUnixTimestamp64Milli(occurred_at) AS at, completed_by, note
     FROM loop_action_events WHERE branch_id = {b:String} AND occurred_at <= fromUnixTimestamp64Milli({asOf:Int64})
     ORDER BY occurred_at`,
    { b: branchId, asOf },
  );
  return r.map((x) => ({
    loopId: x.loop_id,
    kind: x.action_kind,
    completedAt: n(x.at),
    completedBy: x.completed_by,
    note: x.note,
  }));
}

/** What standards_current shows for the branch now (to publish only what changed). */
export async function publishedStandards(w: Warehouse, branchId: string): Promise<Map<string, string>> {
  const r = await rows<{
    dimension: string;
    target: number;
    standard_source: string;
    standard_version: number;
    via: string;
  }>(
    w,
    'SELECT dimension, target, standard_source, standard_version, via FROM standards_in_force_v1 FINAL WHERE branch_id = {b:String}',
    { b: branchId },
  );
  return new Map(
    r.map((x) => [
      x.dimension,
      `${Number(x.target)}|${x.standard_source}|${x.via}|${Number(x.standard_version)}`,
    ]),
  );
}

export interface GatheredFacts {
  branch: BranchFacts;
  timeZone: string;
  dimensions: DimensionFacts[];
  standards: StandardChange[];
  /** dimension → target|source|via|version as published in standards_current. */
  published: Map<string, string>;
  loops: Map<string, LoopState>;
  completions: ActionCompletion[];
}

const packs = new Map<string, Pack>();
/** The branch's complaint clocks under each configured pack, computed by the clock engine. */
export async function clockFacts(
  w: Warehouse,
  branchId: string,
  asOf: number,
  c: AnalyticsConfig['complaintClocks'],
): Promise<ClockFacts[]> {
  if (!c.enabled) return [];
  const out: ClockFacts[] = [];
  for (const id of c.packs) {
    const pack = packs.get(id) ?? loadPack(id);
    packs.set(id, pack);
    const cases = await loadCases(w, { untilMs: asOf, branches: [branchId], badRatings: pack.badRatings });
    out.push({ pack, ...computeAll(pack, cases, asOf) });
  }
  return out;
}

/** Everything the rules and the loop decide on for one branch as of a moment. */
export async function gatherFacts(
  w: Warehouse,
  branchId: string,
  asOf: number,
  c: AnalyticsConfig,
): Promise<GatheredFacts> {
  const timeZone = await branchTimeZone(w, branchId);
  const today = localDay(asOf, timeZone);
  const [current, previous] = completedPeriods(today, c.npsDrop.windowDays, 2) as [Period, Period];
  const [period] = completedPeriods(today, c.loop.periodDays, 1) as [Period];
  const scores = await respondentScores(w, branchId, period);
  const comments = await analysedComments(w, branchId, period);
  // Expectations change slowly: four periods of them.
  const profiles = await expectationProfiles(
    w,
    branchId,
    addDays(period.to, -4 * c.loop.periodDays),
    period.to,
  );
  const none: ExpectationProfile = { meanExpectation: null, respondents: 0, topGaps: [] };
  return {
    timeZone,
    branch: {
      branchId,
      asOf,
      today,
      detractorDays: await detractorDays(w, branchId, addDays(today, -2), c.detractorComment),
      complaints: await complaints(w, branchId, asOf),
      commentsNeedingResponse: await commentsNeedingResponse(
        w,
        branchId,
        addDays(today, -c.commentNeedsResponse.lookbackDays),
      ),
      nps: {
        current: await npsPeriod(w, branchId, current),
        previous: await npsPeriod(w, branchId, previous),
      },
      clocks: await clockFacts(w, branchId, asOf, c.complaintClocks),
    },
    dimensions: DIMENSIONS.map((dimension) => ({
      dimension,
      period,
      scores: scores.get(dimension) ?? [],
      expectations: profiles.get(dimension) ?? none,
      comments: commentEvidence(comments, dimension, period),
    })),
    standards: await standardHistory(w, branchId),
    published: await publishedStandards(w, branchId),
    loops: await latestLoops(w, branchId),
    completions: await actionCompletions(w, branchId, asOf),
  };
}

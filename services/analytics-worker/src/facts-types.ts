// The facts rules decide on: plain, typed values, already coerced (numbers are numbers, absent
// timestamps are null). Gathered by the named queries in facts.ts, or built by hand in tests and
// by the simulation in bench/alerts.bench.ts.
import type { ClockFailure } from '@servloop/complaint-clock-store';
import type { ClockState, Pack } from '@servloop/complaint-clocks';
import type { RespondentScores } from '@servloop/metrics';
import type { CommentEvidence } from './comment-evidence.ts';
import type { Period } from './periods.ts';

export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}
export interface NpsPeriodFacts {
  period: Period;
  counts: NpsCounts;
}

export interface DetractorDayFacts {
  localDate: string;
  count: number;
  sample: string;
}

/** A comment the analyser said needs a response (comment_analysis_latest joined to its source row). */
export interface CommentNeedingResponse {
  eventId: string;
  /** survey | questionnaire | complaint */
  source: string;
  /** response_id or complaint_id */
  sourceId: string;
  localDate: string;
  /** callback_requested | escalation_threat | money_at_risk | privacy_at_risk | safety */
  reasons: string[];
  matchedTerms: string[];
  analyserVersion: string;
  /** The comment as stored (masked by the gateway). */
  text: string;
}

export interface ComplaintFacts {
  complaintId: string;
  severity: string;
  category: string;
  filedAt: number;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
  followedUpAt: number | null;
}

export interface ExpectationProfile {
  /** Mean expectation (1–5) over respondents of the last periods; null without answers. */
  meanExpectation: number | null;
  respondents: number;
  /** Items with the largest shortfall (perception − expectation), most negative first. */
  topGaps: { itemId: string; gap: number; nPairs: number }[];
}

export interface DimensionFacts {
  dimension: string;
  /** The latest completed measurement period. */
  period: Period;
  /** One entry per respondent who answered items of this dimension in the period. */
  scores: RespondentScores[];
  expectations: ExpectationProfile;
  /** What the branch's comments of the period said about this dimension. */
  comments: CommentEvidence;
}

/**
 * proposed: from expectations, the first time a branch is evaluated · raised: after a loop closed
 * as improved · override: set by configuration (via 'file') or by a person (via 'cli', or 'console': the
 * quality console's standard.overridden event) · lifted: a
 * person ended their override.
 */
export type StandardSource = 'proposed' | 'raised' | 'override' | 'lifted';
export type StandardVia = 'worker' | 'file' | 'cli' | 'console';
export interface StandardChange {
  branchId: string;
  dimension: string;
  version: number;
  target: number;
  source: StandardSource;
  via: StandardVia;
  /** Who made the change (a person's name, the file path, or analytics-worker). */
  changedBy: string;
  reason: string;
  /** For source 'file': the hash of the file content it came from (applied once per content). */
  contentHash: string;
  createdAt: number;
  /** Unique per change: two writers that took the same version both survive. */
  changeId: string;
}

export interface ActionCompletion {
  loopId: string;
  kind: string;
  completedAt: number;
  completedBy: string;
  note: string;
}

/** What the alert rules of one branch decide on, as of `asOf`. */
export interface BranchFacts {
  branchId: string;
  asOf: number;
  /** Branch-local day of `asOf`. */
  today: string;
  /** Local days in the recent window with detractor comments. */
  detractorDays: DetractorDayFacts[];
  complaints: ComplaintFacts[];
  /** Comments of the recent window that need a response, oldest first. */
  commentsNeedingResponse: CommentNeedingResponse[];
  /** The latest completed NPS period and the one before it (non-overlapping). */
  nps: { current: NpsPeriodFacts; previous: NpsPeriodFacts };
  /** The regulator's clocks of the branch's complaints as of `asOf`, per configured pack. */
  clocks?: ClockFacts[];
}

export interface ClockFacts {
  pack: Pack;
  states: ClockState[];
  /** Complaints whose clocks the engine could not compute (e.g. a year without holiday data). */
  failures: ClockFailure[];
}

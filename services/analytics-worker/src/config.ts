// Every threshold the worker decides with, in one validated document: defaults below, a JSON file
// (SERVLOOP_ALERT_RULES_FILE) deep-merged over them. Unknown keys and wrong types are refused at
// start with their path — a typo must not switch a rule off, and `{"npsDrop":{"windowDays":14}}`
// changes one number, not the whole rule.
import { readFileSync } from 'node:fs';
import { packIds } from '@servloop/complaint-clocks';
import { z } from 'zod';

const hours = z.number().positive();
const probability = z.number().gt(0).lt(0.5);
const days = z.number().int().positive();

const AlertSeverity = z.enum(['info', 'warning', 'critical']);
const ActionKind = z.enum(['supervision', 'training', 'drill', 'innovation']);
export type ActionKind = z.infer<typeof ActionKind>;

export const ConfigSchema = z
  .object({
    /** A detractor (NPS ≤ maxNps) who left a comment: one alert per branch and local day. */
    detractorComment: z
      .object({
        enabled: z.boolean(),
        maxNps: z.number().int().min(0).max(10),
        minCommentLength: z.number().int().min(0),
      })
      .strict(),
    /**
     * A comment the analyser says needs a response (comment_analysis_latest): one alert per comment,
     * for comments of the last `lookbackDays` local days; the severity is that of its gravest reason.
     */
    commentNeedsResponse: z
      .object({
        enabled: z.boolean(),
        lookbackDays: days,
        severities: z
          .object({
            safety: AlertSeverity,
            money_at_risk: AlertSeverity,
            privacy_at_risk: AlertSeverity,
            escalation_threat: AlertSeverity,
            callback_requested: AlertSeverity,
          })
          .strict(),
      })
      .strict(),
    /** A complaint filed with one of these severities. */
    severeComplaint: z.object({ enabled: z.boolean(), severities: z.array(z.string()) }).strict(),
    /** Complaint inner loop SLAs; the complaint_sla view reads the same numbers (analytics_config). */
    complaintSla: z
      .object({ enabled: z.boolean(), acknowledgeHours: hours, resolveHours: hours, followUpHours: hours })
      .strict(),
    /**
     * NPS of a completed period against the period before, each period tested once (periods do not
     * overlap), one-sided at `alpha`: about 52/windowDays·7 × alpha false alarms a year per branch.
     */
    npsDrop: z
      .object({
        enabled: z.boolean(),
        windowDays: days,
        minAnswers: z.number().int().min(1),
        alpha: probability,
      })
      .strict(),
    /** The five-step improvement loop (seed 002) per branch × dimension. */
    loop: z
      .object({
        /** Whether loop events are emailed (the loop runs regardless). */
        enabled: z.boolean(),
        notifyClosed: z.boolean(),
        /** Length of the non-overlapping measurement periods (days, aligned to Mondays). */
        periodDays: days,
        /** Respondents (not item answers) a period needs before anything is concluded. */
        minRespondents: z.number().int().min(2),
        /** One-sided level of "below the standard", per dimension and period (5 dimensions share a branch). */
        breachAlpha: probability,
        /** One-sided level of "improved on the baseline" at step 5. */
        improveAlpha: probability,
        /** Days after opening each action is due: actions get their own due dates. */
        actionDays: z.object({ supervision: days, training: days, drill: days, innovation: days }).strict(),
        /** Actions that must be done before a loop can close as improved. */
        requiredActions: z.array(ActionKind),
        /** Days after opening (or after an escalation) when step 5 re-measures. */
        reviewAfterDays: days,
        /** Highest escalation level; beyond it the loop stays escalated without new alerts. */
        maxEscalation: z.number().int().min(1).max(10),
        /** How much a closed loop may raise the standard, never past the mean expectation or 5. */
        raiseBy: z.number().min(0).max(1),
        /** Owner of the actions; {branch} is replaced by the branch id in lower case. */
        owner: z.string().min(1),
      })
      .strict(),
    /**
     * The regulator's complaint clocks (packages/complaint-clocks): a warning before a breach and an
     * alert at it, for each pack listed (the sector's rules; none by default: a network picks its own).
     */
    complaintClocks: z
      .object({
        enabled: z.boolean(),
        packs: z.array(
          z.string().refine(
            (id) => packIds().includes(id),
            (id) => ({
              message: `is not a shipped pack (${packIds().join(', ')}); got ${id}`,
            }),
          ),
        ),
      })
      .strict(),
    /** The branch floor (issue 14): window and staff scorecards, what waiting costs, key drivers. */
    floor: z
      .object({
        /** Respondents a staff member needs in a period before their scorecard is shown at all. */
        minStaffRespondents: z.number().int().min(1),
        /** A complaint counts against the customer's latest visit at the branch within these days. */
        complaintAttributionDays: days,
        /** Days of answers the wait threshold and the key-driver analysis look back over. */
        windowDays: days,
        /** Bootstrap replicates for their intervals. */
        replicates: z.number().int().min(20).max(2000),
        /** Respondents below which a branch's key drivers or wait threshold say "not enough data". */
        minRespondents: z.number().int().min(20),
        /** Target mean perception for a dimension without a standard in force. */
        defaultTarget: z.number().min(1).max(5),
      })
      .strict(),
    /** Who gets alert emails, and from whom they come; unset: the alert mailer's own settings. */
    recipients: z.array(z.string().email()).min(1).optional(),
    from: z.string().min(3).optional(),
  })
  .strict();

export type AnalyticsConfig = z.infer<typeof ConfigSchema>;
/** Kept for callers of the old name. */
export type AlertRules = AnalyticsConfig;

export const DEFAULT_CONFIG: AnalyticsConfig = {
  detractorComment: { enabled: true, maxNps: 6, minCommentLength: 4 },
  commentNeedsResponse: {
    enabled: true,
    lookbackDays: 2,
    severities: {
      safety: 'critical',
      money_at_risk: 'critical',
      privacy_at_risk: 'critical',
      escalation_threat: 'warning',
      callback_requested: 'warning',
    },
  },
  severeComplaint: { enabled: true, severities: ['high', 'critical'] },
  complaintSla: { enabled: true, acknowledgeHours: 4, resolveHours: 72, followUpHours: 168 },
  npsDrop: { enabled: true, windowDays: 7, minAnswers: 30, alpha: 0.01 },
  loop: {
    enabled: true,
    notifyClosed: true,
    periodDays: 7,
    minRespondents: 20,
    breachAlpha: 0.001,
    improveAlpha: 0.05,
    actionDays: { supervision: 7, training: 10, drill: 14, innovation: 21 },
    requiredActions: ['supervision', 'training', 'drill'],
    reviewAfterDays: 14,
    maxEscalation: 3,
    raiseBy: 0.1,
    owner: 'manager@{branch}',
  },
  complaintClocks: { enabled: true, packs: [] },
  floor: {
    minStaffRespondents: 10,
    complaintAttributionDays: 7,
    windowDays: 90,
    replicates: 200,
    minRespondents: 100,
    defaultTarget: 4.5,
  },
};

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Objects merge key by key at every depth; arrays and scalars replace. */
export function deepMerge<T>(base: T, over: unknown): T {
  if (!isObject(base) || !isObject(over)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? deepMerge(base[k as keyof T], v) : v;
  return out as T;
}

/** Validates a merged document; the error names every offending path. */
export function parseConfig(custom: unknown, source = 'configuration'): AnalyticsConfig {
  const merged = deepMerge(DEFAULT_CONFIG as unknown as Json, custom);
  const result = ConfigSchema.safeParse(merged);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => {
    const at = i.path.join('.') || '(root)';
    if (i.code === 'unrecognized_keys')
      return i.keys.map((k) => `${at === '(root)' ? '' : `${at}.`}${k}: unknown key`).join('; ');
    return `${at}: ${i.message}`;
  });
  throw new Error(`${source}: ${problems.join('; ')}`);
}

export function loadConfig(path = process.env.SERVLOOP_ALERT_RULES_FILE): AnalyticsConfig {
  if (!path) return DEFAULT_CONFIG;
  let custom: unknown;
  try {
    custom = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseConfig(custom, path);
}

// A comment the analyser says needs a response (a call back asked for, an escalation threatened,
// money or personal information at risk, a safety problem): one alert per comment, keyed by its
// event, so re-evaluating — or re-analysing it with a new analyser version — does not repeat it.
// These alerts are the call-back cases the console lists. Severity: that of the gravest reason.
import type { AlertJob } from '@servloop/schemas';
import { copy } from '../copy.ts';
import type { CommentNeedingResponse } from '../facts-types.ts';
import type { AlertRule } from './types.ts';

/** Gravest first: the first reason named in an alert is the one that set its severity. */
export const RESPONSE_REASON_ORDER = [
  'safety',
  'money_at_risk',
  'privacy_at_risk',
  'escalation_threat',
  'callback_requested',
] as const;
const SEVERITY_RANK = { critical: 3, warning: 2, info: 1 } as const;

/** Known reasons gravest first, then any reason a newer analyser names that this list does not know. */
export function orderReasons(reasons: readonly string[]): string[] {
  const rank = (r: string) => {
    const i = RESPONSE_REASON_ORDER.indexOf(r as never);
    return i === -1 ? RESPONSE_REASON_ORDER.length : i;
  };
  return [...new Set(reasons)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export const commentNeedsResponse: AlertRule = {
  id: 'comment-needs-response',
  enabled: (c) => c.commentNeedsResponse.enabled,
  evaluate: (f, c) =>
    f.commentsNeedingResponse.map((x: CommentNeedingResponse): AlertJob => {
      const reasons = orderReasons(x.reasons);
      const severities = c.commentNeedsResponse.severities as Record<string, AlertJob['severity']>;
      // An unknown reason still needs a response: a warning, unless a known reason says more.
      const severity = reasons
        .map((r) => severities[r] ?? 'warning')
        .reduce<AlertJob['severity']>((a, b) => (SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a), 'info');
      return {
        key: `comment-needs-response|${f.branchId}|${x.eventId}`,
        rule: 'comment-needs-response',
        branchId: f.branchId,
        severity,
        ...copy.commentNeedsResponse(f.branchId, { ...x, reasons }),
        figures: {
          reason: reasons[0] ?? '',
          reasons: reasons.join(','),
          matchedTerms: x.matchedTerms.join(','),
          source: x.source,
          sourceId: x.sourceId,
          eventId: x.eventId,
          date: x.localDate,
          analyserVersion: x.analyserVersion,
        },
        details: `SELECT * FROM comment_analysis_latest WHERE branch_id = '${f.branchId}' AND event_id = '${x.eventId}'`,
      };
    }),
};

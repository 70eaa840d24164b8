// Every alert rule the worker runs. A new rule = one file, one line here, one unit test.
import type { AnalyticsConfig } from '../config.ts';
import type { BranchFacts } from '../facts-types.ts';
import { commentNeedsResponse } from './comment-needs-response.ts';
import { complaintClock } from './complaint-clock.ts';
import { complaintSla } from './complaint-sla.ts';
import { detractorComment } from './detractor-comment.ts';
import { npsDrop } from './nps-drop.ts';
import { severeComplaint } from './severe-complaint.ts';
import type { AlertRule } from './types.ts';

export const ALERT_RULES: readonly AlertRule[] = [
  detractorComment,
  commentNeedsResponse,
  severeComplaint,
  complaintSla,
  npsDrop,
  complaintClock,
];

export function runAlertRules(facts: BranchFacts, c: AnalyticsConfig, rules = ALERT_RULES) {
  return rules.filter((r) => r.enabled(c)).flatMap((r) => r.evaluate(facts, c));
}

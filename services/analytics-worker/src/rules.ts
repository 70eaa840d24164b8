// Alert rules as data. Defaults below; SERVLOOP_ALERT_RULES_FILE (JSON, same shape) overrides.
import { readFileSync } from 'node:fs';

export interface AlertRules {
  /** A detractor (NPS ≤ maxNps) who left a comment: grouped per branch and day. */
  detractorComment: { enabled: boolean; maxNps: number; minCommentLength: number };
  /** A complaint filed with one of these severities. */
  severeComplaint: { enabled: boolean; severities: string[] };
  /** Complaint inner loop: filed → acknowledged → resolved → followed up, each with an SLA. */
  complaintSla: { enabled: boolean; acknowledgeHours: number; resolveHours: number; followUpHours: number };
  /** NPS of the last `windowDays` significantly below the window before (both with ≥ minAnswers). */
  npsDrop: { enabled: boolean; windowDays: number; minAnswers: number };
  /** Improvement loop events: opened on a breach, overdue, escalated, closed. */
  loop: { enabled: boolean; notifyClosed: boolean };
  recipients: string[];
  from: string;
}

export const DEFAULT_RULES: AlertRules = {
  detractorComment: { enabled: true, maxNps: 6, minCommentLength: 4 },
  severeComplaint: { enabled: true, severities: ['high', 'critical'] },
  complaintSla: { enabled: true, acknowledgeHours: 4, resolveHours: 72, followUpHours: 168 },
  npsDrop: { enabled: true, windowDays: 7, minAnswers: 30 },
  loop: { enabled: true, notifyClosed: true },
  recipients: ['quality-team@servloop.local'],
  from: 'servloop <alerts@servloop.local>',
};

export function loadRules(path = process.env.SERVLOOP_ALERT_RULES_FILE): AlertRules {
  if (!path) return DEFAULT_RULES;
  const custom = JSON.parse(readFileSync(path, 'utf8')) as Partial<AlertRules>;
  return { ...DEFAULT_RULES, ...custom };
}

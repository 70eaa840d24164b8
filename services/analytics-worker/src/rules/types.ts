// An alert rule: a pure function of a branch's facts and the validated configuration.
import type { AlertJob } from '@servloop/schemas';
import type { AnalyticsConfig } from '../config.ts';
import type { BranchFacts } from '../facts-types.ts';

export interface AlertRule {
  id: string;
  enabled: (c: AnalyticsConfig) => boolean;
  evaluate: (facts: BranchFacts, c: AnalyticsConfig) => AlertJob[];
}

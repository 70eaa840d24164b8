export { DEFAULT_CLV, estimateClv } from './clv.ts';
export {
  type AlertRules,
  type AnalyticsConfig,
  ConfigSchema,
  DEFAULT_CONFIG,
  deepMerge,
  loadConfig,
  parseConfig,
} from './config.ts';
export { copy, DIMENSIONS, dimensionName, fmt1 } from './copy.ts';
export { digestAlert, digestFacts } from './digest.ts';
export { evaluateBranch } from './evaluate.ts';
export { gatherFacts, standardHistory } from './facts.ts';
export type * from './facts-types.ts';
export { driverEvidence, driverSentence, estimateKeyDrivers } from './floor/drivers.ts';
export { runFloor } from './floor/job.ts';
export { rollupFloor } from './floor/rollup.ts';
export { buildScorecards, refreshScorecards } from './floor/scorecards.ts';
export { materialiseWaitPanel } from './floor/wait-panel.ts';
export { estimateWaitThresholds } from './floor/waiting.ts';
export { HANDLERS, SCHEDULES, type WorkerJob } from './jobs.ts';
export * from './loop.ts';
export { completedPeriods, localDay, type Period } from './periods.ts';
export { rollup } from './rollups.ts';
export { complaintStages } from './rules/complaint-sla.ts';
export { proposeRaise, proposeStandard } from './rules/raise-standard.ts';
export { ALERT_RULES, runAlertRules } from './rules/registry.ts';
export { fileStandardsToApply, loadStandardsFile, standardInForce } from './standards.ts';
export { type AnalyticsOptions, startAnalyticsWorker } from './worker.ts';
export { applyStandardOverrides, recordStandard, saveLoopVersions } from './writers.ts';

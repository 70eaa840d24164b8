export { DEFAULT_CLV, estimateClv } from './clv.ts';
export { evaluateBranch, recordStandard, saveLoopVersions } from './evaluate.ts';
export * from './loop.ts';
export { rollup } from './rollups.ts';
export { type AlertRules, DEFAULT_RULES, loadRules } from './rules.ts';
export { applyStandardOverrides, loadStandardOverrides, type StandardOverride } from './standards.ts';
export { type AnalyticsOptions, startAnalyticsWorker } from './worker.ts';

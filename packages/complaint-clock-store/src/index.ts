// The complaint clocks' warehouse side: histories read from complaints_v1, complaint_clock_events_v1
// and survey_responses_v1 (bad ratings), engine results written to complaint_clocks_v1. Shared by
// the regulator report and (to be wired) the analytics worker's alert rule.
export {
  branchClockAlerts,
  CLOCK_COLUMNS,
  type ClockFailure,
  clockRows,
  computeAll,
  refreshClocks,
} from './clocks.ts';
export {
  type ClockEventRow,
  casesFromRows,
  type LifecycleRow,
  loadCases,
  type RatingRow,
  ratingCaseId,
} from './history.ts';

export { CLOCK_COLUMNS, clockRows, computeAll, refreshClocks } from './clocks.ts';
export { type ExportOptions, exportMonth } from './export.ts';
export {
  type ClockEventRow,
  casesFromRows,
  type LifecycleRow,
  loadCases,
  type RatingRow,
  ratingCaseId,
} from './history.ts';
export { DETAIL_COLUMNS, type MonthlyReport, monthBounds, monthlyReport, SUMMARY_COLUMNS } from './report.ts';

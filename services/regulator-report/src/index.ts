export { type ExportOptions, exportMonth } from './export.ts';
export { DETAIL_COLUMNS, type MonthlyReport, monthBounds, monthlyReport, SUMMARY_COLUMNS } from './report.ts';

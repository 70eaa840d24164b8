// The monthly export: histories from the warehouse → clocks as of the month's end → XLSX and CSV.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { computeAll, loadCases } from '@servloop/complaint-clock-store';
import type { Pack } from '@servloop/complaint-clocks';
import { toCsv, toXlsx } from '@servloop/spreadsheet';
import type { Warehouse } from '@servloop/warehouse';
import { monthBounds, monthlyReport } from './report.ts';

export interface ExportOptions {
  pack: Pack;
  month: string;
  outDir: string;
  branches?: string[];
  /** The present: a month not yet over is reported as of now. */
  nowMs?: number;
  log?: (line: string) => void;
}

export async function exportMonth(warehouse: Warehouse, o: ExportOptions) {
  const log = o.log ?? (() => {});
  const { endMs } = monthBounds(o.month, o.pack);
  const asOfMs = Math.min(endMs, o.nowMs ?? Date.now());
  log(`reading complaint histories up to ${new Date(asOfMs).toISOString()}…`);
  const cases = await loadCases(warehouse, {
    untilMs: asOfMs,
    badRatings: o.pack.badRatings,
    ...(o.branches ? { branches: o.branches } : {}),
  });
  log(`${cases.length} complaint(s); computing ${o.pack.id} clocks…`);
  const { states, failures } = computeAll(o.pack, cases, asOfMs);
  for (const f of failures) log(`could not compute ${f.branchId}/${f.complaintId}: ${f.error}`);
  const report = monthlyReport(o.pack, states, o.month);
  log(`${report.detail.rows.length} clock(s) active in ${o.month}; writing files…`);
  await mkdir(o.outDir, { recursive: true });
  const base = join(o.outDir, `${o.pack.id}-${o.month}`);
  const files = {
    xlsx: `${base}.xlsx`,
    detailCsv: `${base}-detail.csv`,
    summaryCsv: `${base}-summary.csv`,
  };
  await writeFile(
    files.xlsx,
    await toXlsx([report.detail, report.summary], {
      creator: `servloop ${o.pack.id}`,
      created: new Date(asOfMs),
    }),
  );
  await writeFile(files.detailCsv, toCsv(report.detail.columns, report.detail.rows));
  await writeFile(files.summaryCsv, toCsv(report.summary.columns, report.summary.rows));
  for (const f of Object.values(files)) log(`wrote ${f}`);
  return { report, files, failures };
}

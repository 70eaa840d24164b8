// Composition root of the regulator's report:
//   export  --month YYYY-MM --pack ID --out DIR [--override FILE] [--branches B1,B2]
//           the monthly report (XLSX + CSV) from the warehouse's complaint histories
//   refresh --pack ID [--override FILE] [--branches B1,B2]
//           the clock job: recompute complaint_clocks_v1 (behind the complaint_clock view)
// CLICKHOUSE_URL / CLICKHOUSE_DATABASE name the warehouse (an embedded chDB directory can be opened
// by one process only: while the all-in-one process runs, use its server or stop it first).
import { parseArgs } from 'node:util';
import { refreshClocks } from '@servloop/complaint-clock-store';
import { loadPack, PackError } from '@servloop/complaint-clocks';
import { env } from '@servloop/service-kit';
import { openWarehouse } from '@servloop/warehouse';
import { exportMonth } from './export.ts';

const USAGE =
  'usage: regulator-report export --month YYYY-MM --pack ID --out DIR [--override FILE] [--branches B1,B2]\n' +
  '       regulator-report refresh --pack ID [--override FILE] [--branches B1,B2]';

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const argv = process.argv.slice(2).filter((a) => a !== '--');
let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      month: { type: 'string' },
      pack: { type: 'string' },
      out: { type: 'string' },
      override: { type: 'string' },
      branches: { type: 'string' },
    },
  });
}
try {
  parsed = parse();
} catch (err) {
  fail((err as Error).message);
}
const { values, positionals } = parsed;
const command = positionals[0];
if (command !== 'export' && command !== 'refresh') fail(`unknown command ${JSON.stringify(command ?? '')}`);
if (!values.pack) fail('--pack is required');
if (command === 'export' && !values.month) fail('--month is required');
if (command === 'export' && !values.out) fail('--out is required');

let pack: ReturnType<typeof loadPack>;
try {
  pack = loadPack(values.pack, values.override ? { overrideFile: values.override } : {});
} catch (err) {
  if (err instanceof PackError) fail(err.message);
  throw err;
}
const branches = values.branches
  ?.split(',')
  .map((b) => b.trim())
  .filter(Boolean);
const warehouse = await openWarehouse({
  url: env('CLICKHOUSE_URL'),
  database: env('CLICKHOUSE_DATABASE', 'servloop'),
  create: false,
});
try {
  if (command === 'export') {
    const { report, failures } = await exportMonth(warehouse, {
      pack,
      month: values.month!,
      outDir: values.out!,
      ...(branches ? { branches } : {}),
      log: (line) => console.log(`regulator-report: ${line}`),
    });
    console.log(`regulator-report: done, ${report.detail.rows.length} row(s), ${failures.length} failure(s)`);
    if (failures.length > 0) process.exitCode = 1;
  } else {
    const now = Date.now();
    console.log(`regulator-report: recomputing ${pack.id} clocks as of ${new Date(now).toISOString()}…`);
    const r = await refreshClocks(warehouse, pack, now, branches ? { branches } : {});
    for (const f of r.failures) console.error(`regulator-report: ${f.branchId}/${f.complaintId}: ${f.error}`);
    console.log(`regulator-report: ${r.cases} complaint(s), ${r.clocks} clock(s) written`);
    if (r.failures.length > 0) process.exitCode = 1;
  }
} finally {
  await warehouse.close();
}

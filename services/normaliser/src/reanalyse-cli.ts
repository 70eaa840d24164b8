// pnpm --filter @servloop/normaliser reanalyse -- [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--batch N]
// Re-analyses the warehouse's comments (survey and questionnaire comments, complaint descriptions)
// with this build's analyser into comment_analysis_v1, beside the older versions' rows. Progress on
// stderr; Ctrl-C stops after the page in hand and a re-run resumes. CLICKHOUSE_URL /
// CLICKHOUSE_DATABASE name the warehouse (an embedded chDB directory can be opened by one process
// only: while the all-in-one demo runs, stop it first or point at a ClickHouse server).
import { parseArgs } from 'node:util';
import { CURRENT_ANALYSER, formatProgress, reanalyse } from './reanalyse.ts';
import { openWarehouseFromEnv } from './warehouse-from-env.ts';

const USAGE = 'usage: reanalyse [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--batch N]';
function fail(message: string): never {
  console.error(`reanalyse: ${message}\n${USAGE}`);
  process.exit(2);
}

let values: { from?: string; to?: string; batch?: string };
try {
  ({ values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: { from: { type: 'string' }, to: { type: 'string' }, batch: { type: 'string' } },
  }));
} catch (err) {
  fail((err as Error).message);
}
const DAY = /^\d{4}-\d{2}-\d{2}$/;
for (const k of ['from', 'to'] as const)
  if (values[k] !== undefined && (!DAY.test(values[k]) || Number.isNaN(Date.parse(values[k]))))
    fail(`--${k} must be a day YYYY-MM-DD, got ${JSON.stringify(values[k])}`);
if (values.from && values.to && values.from > values.to) fail('--from is after --to');
const batch = values.batch === undefined ? 2000 : Number(values.batch);
if (!Number.isInteger(batch) || batch < 1 || batch > 100_000)
  fail(`--batch must be an integer from 1 to 100000, got ${JSON.stringify(values.batch)}`);

// Migrated: the views that read the latest version (0060) may be newer than the warehouse.
const warehouse = await openWarehouseFromEnv((line) => console.error(`reanalyse: ${line}`));
const stop = new AbortController();
process.once('SIGINT', () => {
  console.error('reanalyse: stopping after the page in hand (run again to resume)');
  stop.abort();
});
let lastLine = 0;
try {
  console.error(
    `reanalyse: analyser ${CURRENT_ANALYSER.version}, days ${values.from ?? 'first'} to ${values.to ?? 'last'}, ${batch} per page`,
  );
  const result = await reanalyse(warehouse, {
    ...(values.from ? { from: values.from } : {}),
    ...(values.to ? { to: values.to } : {}),
    batch,
    signal: stop.signal,
    onProgress: (p) => {
      // At most a line a second: a page of short comments takes milliseconds.
      if (Date.now() - lastLine < 1000) return;
      lastLine = Date.now();
      console.error(formatProgress(p));
    },
  });
  console.error(formatProgress(result));
  console.error(
    `reanalyse: ${result.stopped ? 'stopped' : 'done'}: ${result.analysedThisRun} comment(s) analysed, ${result.written} row(s) written for ${result.version}`,
  );
} finally {
  await warehouse.close();
}

// servloop-quality: what people do to the improvement loop. Changes go to the analytics worker as
// jobs (it is the one writer: versions without races, and every change records who and why).
//   standard set <branch|*> <dimension> <target> --by <who> --why <reason>   a person's override
//   standard lift <branch|*> <dimension> --by <who> --why <reason>            end a person's override
//   standard list [branch]                                                   standards in force
//   standard history <branch|*> <dimension>                                  every change, who and why
//   action done <branch> <loop-id> <action> --by <who> [--note <text>]       mark a loop action done
//   loop show <branch> [dimension]                                           loop history
//   floor refresh [days]                                                      scorecards, wait thresholds, key drivers now
import { parseArgs } from 'node:util';
import { createQueue, redisConnection } from '@servloop/jobs';
import { QUEUES } from '@servloop/schemas';
import { env } from '@servloop/service-kit';
import { openWarehouse } from '@servloop/warehouse';
import { DIMENSIONS } from './copy.ts';
import type { WorkerJob } from './jobs.ts';
import { rows } from './sql.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { by: { type: 'string' }, why: { type: 'string' }, note: { type: 'string' } },
});
const [what, verb, ...args] = positionals;
const USAGE =
  'usage: servloop-quality standard set <branch|*> <dimension> <target> --by <who> --why <reason> | standard lift <branch|*> <dimension> --by <who> --why <reason> | standard list [branch] | standard history <branch|*> <dimension> | action done <branch> <loop-id> <supervision|training|drill|innovation> --by <who> [--note <text>] | loop show <branch> [dimension] | floor refresh [days]';

function need(v: string | undefined, what: string): string {
  if (!v) throw new Error(`${what} is required\n${USAGE}`);
  return v;
}
function dimension(d: string | undefined) {
  if (!DIMENSIONS.includes(d as never))
    throw new Error(`dimension must be one of ${DIMENSIONS.join(', ')}, got ${d}`);
  return d!;
}

async function send(job: WorkerJob) {
  const connection = redisConnection(env('REDIS_URL'));
  const queue = createQueue<WorkerJob>(
    QUEUES.analytics,
    connection,
    process.env.SERVLOOP_QUEUE_PREFIX ? { prefix: process.env.SERVLOOP_QUEUE_PREFIX } : {},
  );
  try {
    await queue.add(job.kind, job, {
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: 100,
    });
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

async function read(sql: string, params: Record<string, unknown>) {
  const warehouse = await openWarehouse({
    url: env('CLICKHOUSE_URL'),
    database: env('CLICKHOUSE_DATABASE', 'servloop'),
  });
  try {
    console.table(await rows(warehouse, sql, params));
  } finally {
    await warehouse.close();
  }
}

if (what === 'standard' && (verb === 'set' || verb === 'lift')) {
  const [branchId, dim, target] = args;
  const value = verb === 'set' ? Number(target) : 0;
  if (verb === 'set' && !(value >= 1 && value <= 5))
    throw new Error(`target must be a mean perception between 1 and 5, got ${target}`);
  await send({
    kind: 'standard-change',
    branchId: need(branchId, 'branch'),
    dimension: dimension(dim),
    source: verb === 'set' ? 'override' : 'lifted',
    target: value,
    by: need(values.by, '--by'),
    why: need(values.why, '--why'),
  });
  console.log(
    `sent: ${verb} standard for ${branchId} × ${dim}${verb === 'set' ? ` = ${value}` : ''} (by ${values.by})`,
  );
} else if (what === 'standard' && verb === 'list') {
  await read(
    `SELECT * FROM standards_current ${args[0] ? "WHERE branch_id IN ({b:String}, '*')" : ''} ORDER BY branch_id, dimension`,
    { b: args[0] ?? '' },
  );
} else if (what === 'standard' && verb === 'history') {
  await read(
    `SELECT version, target_perception AS target, source, via, changed_by, reason, created_at FROM standards_v1 FINAL
     WHERE branch_id = {b:String} AND dimension = {d:String} ORDER BY created_at, version`,
    { b: need(args[0], 'branch'), d: dimension(args[1]) },
  );
} else if (what === 'action' && verb === 'done') {
  const [branchId, loopId, action] = args;
  if (!['supervision', 'training', 'drill', 'innovation'].includes(action ?? ''))
    throw new Error(`action must be supervision, training, drill or innovation, got ${action}`);
  await send({
    kind: 'action-done',
    branchId: need(branchId, 'branch'),
    loopId: need(loopId, 'loop id'),
    action: action!,
    by: need(values.by, '--by'),
    note: values.note ?? '',
  });
  console.log(`sent: ${action} done on ${loopId} (by ${values.by})`);
} else if (what === 'loop' && verb === 'show' && args[0]) {
  await read(
    `SELECT loop_id, dimension, version, step, status, iteration, escalation, target, round(measured, 2) AS measured, measured_n, event
     FROM improvement_loops_v1 FINAL WHERE branch_id = {b:String} ${args[1] ? 'AND dimension = {d:String}' : ''} ORDER BY loop_id, version`,
    { b: args[0], d: args[1] ?? '' },
  );
} else if (what === 'floor' && verb === 'refresh') {
  const days = Number(args[0] ?? 35);
  if (!(Number.isInteger(days) && days >= 1 && days <= 400))
    throw new Error(`days must be 1–400, got ${args[0]}`);
  await send({ kind: 'floor', days });
  console.log(`sent: floor refresh over the last ${days} days (the nightly job runs at 03:30 Asia/Shanghai)`);
} else {
  console.error(USAGE);
  process.exitCode = 2;
}

// servloop-quality: overrides for the improvement loop.
//   standard set <branch|*> <dimension> <target>   record a standard (source: override)
//   standard list [branch]                        standards in force
//   loop show <branch> [dimension]                loop history
import { env } from '@servloop/service-kit';
import { openWarehouse } from '@servloop/warehouse';
import { recordStandard } from './evaluate.ts';
import { rows } from './sql.ts';

const [what, verb, ...args] = process.argv.slice(2);
const warehouse = await openWarehouse({
  url: env('CLICKHOUSE_URL'),
  database: env('CLICKHOUSE_DATABASE', 'servloop'),
});
try {
  if (what === 'standard' && verb === 'set' && args.length === 3) {
    const [branch, dimension, target] = args as [string, string, string];
    const value = Number(target);
    if (!(value >= 1 && value <= 5))
      throw new Error(`target must be a mean perception between 1 and 5, got ${target}`);
    await recordStandard(warehouse, branch, dimension, value, 'override', 'set from the command line');
    console.log(`standard for ${branch} × ${dimension} is now ${value}`);
  } else if (what === 'standard' && verb === 'list') {
    console.table(
      await rows(
        warehouse,
        `SELECT * FROM standards_current ${args[0] ? "WHERE branch_id IN ({b:String}, '*')" : ''} ORDER BY branch_id, dimension`,
        { b: args[0] ?? '' },
      ),
    );
  } else if (what === 'loop' && verb === 'show' && args[0]) {
    console.table(
      await rows(
        warehouse,
        `SELECT loop_id, dimension, version, step, status, iteration, target, round(measured, 2) AS measured, event
         FROM improvement_loops_v1 FINAL WHERE branch_id = {b:String} ${args[1] ? 'AND dimension = {d:String}' : ''} ORDER BY loop_id, version`,
        { b: args[0], d: args[1] ?? '' },
      ),
    );
  } else {
    console.error(
      'usage: servloop-quality standard set <branch|*> <dimension> <target> | standard list [branch] | loop show <branch> [dimension]',
    );
    process.exitCode = 2;
  }
} finally {
  await warehouse.close();
}

// One branch as of a moment: facts → rules → writers. No SQL and no wording here.
import { summariseRespondents } from '@servloop/metrics';
import type { AlertJob } from '@servloop/schemas';
import type { Warehouse } from '@servloop/warehouse';
import type { AnalyticsConfig } from './config.ts';
import { gatherFacts } from './facts.ts';
import { driverEvidence, driverSentence } from './floor/drivers.ts';
import { evaluateLoop } from './loop.ts';
import { proposeStandard } from './rules/raise-standard.ts';
import { runAlertRules } from './rules/registry.ts';
import { standardInForce } from './standards.ts';
import { publishStandard, recordStandard, saveLoopVersions } from './writers.ts';

export interface EvaluateDeps {
  warehouse: Warehouse;
  config: AnalyticsConfig;
  raise: (alert: AlertJob) => Promise<void>;
}

export async function evaluateBranch(
  d: EvaluateDeps,
  branchId: string,
  asOf: number,
): Promise<{ alerts: number; loopVersions: number }> {
  const w = d.warehouse;
  const c = d.config;
  const facts = await gatherFacts(w, branchId, asOf, c);
  const alerts: AlertJob[] = runAlertRules(facts.branch, c);
  let loopVersions = 0;
  const history = [...facts.standards];
  // Open on the dimension with the largest expected gain first (key drivers), and say so in step 1.
  const drivers = await driverEvidence(w, branchId);
  const rank = (d: string) => {
    const i = drivers?.ranked.findIndex((x) => x.dimension === d) ?? -1;
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const dimensions = [...facts.dimensions].sort((a, b) => rank(a.dimension) - rank(b.dimension));
  for (const dim of dimensions) {
    let standard = standardInForce(history, branchId, dim.dimension);
    let changed = false;
    if (!standard) {
      // Step 2 needs step 1: without enough expectation answers there is no standard to hold the
      // branch to yet ("not enough data"), rather than a made-up default.
      if (dim.expectations.meanExpectation === null || dim.expectations.respondents < c.loop.minRespondents)
        continue;
      changed = true;
      history.push(
        await recordStandard(w, {
          branchId,
          dimension: dim.dimension,
          target: proposeStandard(dim.expectations),
          source: 'proposed',
          via: 'worker',
          changedBy: 'analytics-worker',
          reason: `half a point below the mean expectation (${dim.expectations.respondents} respondents), within [3, 4.5]`,
          contentHash: '',
          createdAt: asOf,
        }),
      );
      standard = standardInForce(history, branchId, dim.dimension)!;
    }
    const outcome = evaluateLoop(
      {
        branchId,
        dimension: dim.dimension,
        now: asOf,
        today: facts.branch.today,
        standard: { target: standard.target, locked: standard.locked },
        expectations: dim.expectations,
        comments: dim.comments,
        period: dim.period,
        measured: summariseRespondents(dim.scores),
        current: facts.loops.get(dim.dimension),
        completions: facts.completions,
        drivers: drivers ? driverSentence(drivers, dim.dimension) : undefined,
      },
      c.loop,
    );
    await saveLoopVersions(w, outcome.versions);
    loopVersions += outcome.versions.length;
    if (outcome.raiseStandard) {
      changed = true;
      history.push(
        await recordStandard(w, {
          branchId,
          dimension: dim.dimension,
          target: outcome.raiseStandard.target,
          source: 'raised',
          via: 'worker',
          changedBy: 'analytics-worker',
          reason: outcome.raiseStandard.reason,
          contentHash: '',
          createdAt: asOf,
        }),
      );
      standard = standardInForce(history, branchId, dim.dimension)!;
    }
    // Publish what changed: ours, and what reaches this branch from elsewhere (a '*' default).
    const shown = `${standard.target}|${standard.source}|${standard.change.via}|${standard.change.version}`;
    if (changed || facts.published.get(dim.dimension) !== shown)
      await publishStandard(w, branchId, dim.dimension, standard, asOf);
    alerts.push(...outcome.alerts);
  }
  for (const a of alerts) await d.raise(a);
  return { alerts: alerts.length, loopVersions };
}

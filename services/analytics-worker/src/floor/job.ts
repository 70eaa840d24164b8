// The floor job: the rollup of recent visits, then scorecards, wait thresholds, the console's
// waiting-panel tables and key drivers.
import type { Warehouse } from '@servloop/warehouse';
import type { AnalyticsConfig } from '../config.ts';
import { estimateKeyDrivers } from './drivers.ts';
import { rollupFloor } from './rollup.ts';
import { refreshScorecards } from './scorecards.ts';
import { materialiseWaitPanel } from './wait-panel.ts';
import { estimateWaitThresholds } from './waiting.ts';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Rolls up the visits of the last `days` local days up to `asOf` (late answers and complaints
 * land in earlier days, so a sweep re-covers them), rewrites the scorecards of the periods they
 * touch, re-estimates the wait thresholds and key drivers over the configured window, and copies
 * the waiting-panel views (every visit on record) into their tables.
 */
export async function runFloor(w: Warehouse, c: AnalyticsConfig['floor'], o: { asOf: number; days: number }) {
  const to = iso(o.asOf);
  const from = iso(o.asOf - (o.days - 1) * DAY);
  await rollupFloor(w, { from, to }, c.complaintAttributionDays, o.asOf);
  const scorecards = await refreshScorecards(
    w,
    { from, to },
    { minStaffRespondents: c.minStaffRespondents, computedAt: o.asOf },
  );
  const window = { from: iso(o.asOf - (c.windowDays - 1) * DAY), to };
  const options = { replicates: c.replicates, minRespondents: c.minRespondents, computedAt: o.asOf };
  const waits = await estimateWaitThresholds(w, window, options);
  const waitPanel = await materialiseWaitPanel(w, o.asOf);
  const drivers = await estimateKeyDrivers(w, window, { ...options, defaultTarget: c.defaultTarget });
  return {
    scorecardRows: scorecards.rows,
    waitScopes: waits.branches,
    waitPanelRows: waitPanel.rows,
    driverScopes: drivers.scopes,
  };
}

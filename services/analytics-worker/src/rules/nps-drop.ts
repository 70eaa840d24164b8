// NPS of the latest completed period against the period before. Periods do not overlap and each
// pair is tested once (the key is the period), one-sided at the configured alpha, so a branch where
// nothing changes gets about (365 / windowDays) × alpha false alarms a year (0.5 at 7 days, 1%).
import { npsDifference, npsFromCounts } from '@servloop/metrics';
import { copy } from '../copy.ts';
import type { AlertRule } from './types.ts';

export const npsDrop: AlertRule = {
  id: 'nps-drop',
  enabled: (c) => c.npsDrop.enabled,
  evaluate: (f, c) => {
    const previous = npsFromCounts(f.nps.previous.counts);
    const current = npsFromCounts(f.nps.current.counts);
    if (previous.n < c.npsDrop.minAnswers || current.n < c.npsDrop.minAnswers) return [];
    const d = npsDifference(previous, current);
    if (!(d.pLower < c.npsDrop.alpha)) return [];
    const from = f.nps.current.period.from;
    return [
      {
        key: `nps-drop|${f.branchId}|${from}`,
        rule: 'nps-drop',
        branchId: f.branchId,
        severity: 'warning',
        ...copy.npsDrop(
          f.branchId,
          { from: f.nps.previous.period.from, score: previous.score, n: previous.n },
          { from, score: current.score, n: current.n },
          d.pLower,
        ),
        figures: {
          previous: Number(previous.score!.toFixed(1)),
          current: Number(current.score!.toFixed(1)),
          nPrevious: previous.n,
          nCurrent: current.n,
          pOneSided: d.pLower,
        },
        details: `SELECT * FROM nps_daily WHERE branch_id = '${f.branchId}' AND local_date >= '${f.nps.previous.period.from}' AND local_date < '${f.nps.current.period.to}' ORDER BY local_date`,
      },
    ];
  },
};

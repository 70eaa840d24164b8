// My scorecard: what a staff account sees, and all it sees — its own rows of scorecards_v1 (level
// staff, its own pseudonym at its own branch) for a week or month, each measure beside the branch
// mean it is shrunk toward. No window figures: windows are staffed by colleagues in rotation, so a
// window's week could be read back to the colleagues who sat there; the branch mean (already on
// the colleague's own rows) is the comparison that names nobody — but only where at least
// MIN_COLLEAGUES_FOR_BRANCH_MEAN colleagues are shown that period: with one other colleague, my
// figure and the mean give theirs away. No rank either: "2 of 2" says how the other one did.
import { NotFound, type RequestContext } from '../app.ts';
import { lit } from '../db.ts';
import type { FloorPeriod } from '../floor-period.ts';
import { floorPeriodOf } from '../floor-period.ts';
import { esc, page } from '../html.ts';
import { L, t } from '../i18n.ts';
import {
  MEASURES,
  measureCell,
  measureName,
  periodPicker,
  SCORECARD_NOTE,
  type ScorecardUnit,
  scorecardPeriods,
  scorecardUnits,
} from './floor.ts';

/** Colleagues shown in a period (me included) before the branch mean appears beside my figures. */
export const MIN_COLLEAGUES_FOR_BRANCH_MEAN = 3;

export interface MyScorecard {
  branch: { branchId: string; name: string };
  staffId: string;
  period: FloorPeriod;
  periods: { kind: string; start: string }[];
  /** Undefined when the period has no row for this colleague (fewer answers than the minimum). */
  scorecard: ScorecardUnit | undefined;
}

export async function myScorecardData(ctx: RequestContext, query: unknown): Promise<MyScorecard> {
  const own = ctx.scope.staff;
  if (!own) throw new NotFound();
  const period = floorPeriodOf(query, ctx.now);
  const mine = `level = 'staff' AND unit_id = ${lit(own.staffId)}`;
  const [branches, periods, units] = await Promise.all([
    ctx.db.rows<{ name: string }>(
      `SELECT name FROM branches_v1 FINAL WHERE branch_id = ${lit(own.branchId)}`,
    ),
    scorecardPeriods(ctx, own.branchId, mine),
    scorecardUnits(ctx, { branchId: own.branchId, level: 'staff', period, where: mine }),
  ]);
  return {
    branch: { branchId: own.branchId, name: branches[0]?.name ?? own.branchId },
    staffId: own.staffId,
    period,
    periods,
    scorecard: units.find((u) => u.unitId === own.staffId),
  };
}

export function renderMyScorecard(ctx: RequestContext, d: MyScorecard): string {
  const { lang } = ctx;
  const u = d.scorecard;
  const colleagues = u?.measures.nps?.units ?? 0;
  const withMean = colleagues >= MIN_COLLEAGUES_FOR_BRANCH_MEAN;
  const meanNote = withMean
    ? ''
    : `<p class="note" id="no-branch-mean">${L(
        lang,
        `本期显示评分的同事少于 ${MIN_COLLEAGUES_FOR_BRANCH_MEAN} 人,为免从均值推算出同事的评分,不显示全厅均值。`,
        `Fewer than ${MIN_COLLEAGUES_FOR_BRANCH_MEAN} colleagues have a score this period, so the branch mean is not shown: with it, a colleague's score could be worked out.`,
      )}</p>`;
  const table = u
    ? `<p>${L(lang, '来访', 'Visits')} ${u.visits} · ${L(lang, '投诉', 'Complaints')} ${u.complaints}</p>${meanNote}
<table class="data" id="my-scorecard"><thead><tr><th>${L(lang, '指标', 'Measure')}</th><th>${L(lang, '我的得分', 'Mine')}</th><th>${L(lang, '全厅均值', 'Branch mean')}</th><th>${L(lang, '上期', 'Previous period')}</th></tr></thead><tbody>
${MEASURES.map((m) => {
  const f = u.measures[m];
  const digits = m === 'nps' || m.endsWith('_min') ? 1 : 2;
  return `<tr data-measure="${m}"><td>${esc(measureName(m, lang))}</td><td>${measureCell(m, f, lang, { rank: false })}</td><td>${!withMean || f?.branchMean === null || f?.branchMean === undefined ? '' : f.branchMean.toFixed(digits)}</td><td>${f?.previous === null || f?.previous === undefined ? '' : f.previous.toFixed(digits)}</td></tr>`;
}).join('\n')}
</tbody></table>`
    : `<p id="my-scorecard" class="nd">${esc(t(lang, 'notEnough'))}: ${L(
        lang,
        '本期您的答卷少于 10 份(或尚未计算),为避免偶然结果不显示个人评分。',
        'you have fewer than 10 answers in this period (or it is not computed yet); a personal score is not shown on so few.',
      )}</p>`;
  const body = `${periodPicker(lang, '/me', d.period, d.periods)}
<p>${esc(d.branch.name)} <small>${esc(d.branch.branchId)}</small> · ${L(lang, '员工化名', 'Pseudonym')} <strong>${esc(d.staffId)}</strong></p>
<p class="note">${L(lang, ...SCORECARD_NOTE)} ${L(
    lang,
    '这里只有您自己的数据;同事看不到您的评分,您也看不到同事的。',
    'Only your own figures are here; colleagues cannot see yours, nor you theirs.',
  )}</p>
${table}`;
  return page({
    lang,
    title: t(lang, 'myScorecard'),
    account: ctx.account,
    csrf: ctx.session.csrf,
    path: ctx.path,
    body,
  });
}

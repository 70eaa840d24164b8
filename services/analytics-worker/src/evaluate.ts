// Per branch, as of a moment: alert rules over the raw views, and the improvement loop per dimension.
import { type NpsSummary, npsDifference, npsFromCounts } from '@servloop/metrics';
import type { AlertJob } from '@servloop/schemas';
import { insertRows, type Warehouse } from '@servloop/warehouse';
import { evaluateLoop, type LoopConfig, type LoopState, proposeStandard } from './loop.ts';
import type { AlertRules } from './rules.ts';
import { num, rows } from './sql.ts';

const DAY = 86_400_000;
const DIMENSIONS = ['attitude', 'efficiency', 'performance', 'process', 'facilities'];
const DIM_ZH: Record<string, string> = {
  attitude: '服务态度',
  efficiency: '服务效率',
  performance: '服务表现',
  process: '服务过程',
  facilities: '服务设施',
};

export interface EvaluateDeps {
  warehouse: Warehouse;
  rules: AlertRules;
  loop: LoopConfig;
  raise: (alert: AlertJob) => Promise<void>;
}

export async function evaluateBranch(
  d: EvaluateDeps,
  branchId: string,
  asOf: number,
): Promise<{ alerts: number; loopVersions: number }> {
  let alerts = 0;
  const raise = async (a: AlertJob) => {
    alerts++;
    await d.raise(a);
  };
  const w = d.warehouse;
  const p = { b: branchId, asOf, since: asOf - 2 * DAY };
  const r = d.rules;

  if (r.detractorComment.enabled) {
    const rowsDc = await rows<{ local_date: string; n: string; sample: string }>(
      w,
      `SELECT local_date, count() AS n, any(comment) AS sample FROM survey_responses
       WHERE branch_id = {b:String} AND nps <= {maxNps:UInt8} AND lengthUTF8(comment) >= {minLen:UInt32}
         AND occurred_at BETWEEN fromUnixTimestamp64Milli({since:Int64}) AND fromUnixTimestamp64Milli({asOf:Int64})
       GROUP BY local_date`,
      { ...p, maxNps: r.detractorComment.maxNps, minLen: r.detractorComment.minCommentLength },
    );
    for (const x of rowsDc) {
      await raise({
        key: `detractor-comment|${branchId}|${x.local_date}`,
        rule: 'detractor-comment',
        branchId,
        severity: 'warning',
        subject: {
          'zh-CN': `网点 ${branchId} ${x.local_date} 有贬损者留言`,
          en: `Detractor comments at branch ${branchId} on ${x.local_date}`,
        },
        lines: [{ 'zh-CN': `例如:「${x.sample}」`, en: `For example: “${x.sample}”` }],
        figures: { detractorsWithComment: Number(x.n), date: x.local_date },
        details: `SELECT * FROM survey_responses WHERE branch_id = '${branchId}' AND local_date = '${x.local_date}' AND nps_category = 'detractor'`,
      });
    }
  }

  if (r.severeComplaint.enabled || r.complaintSla.enabled) {
    const complaints = await rows<Record<string, string | null>>(
      w,
      `SELECT complaint_id, current_status, severity, category, toUnixTimestamp64Milli(filed_at) AS filed,
              toUnixTimestamp64Milli(acknowledged_at) AS acked, toUnixTimestamp64Milli(resolved_at) AS resolved,
              toUnixTimestamp64Milli(followed_up_at) AS followed
       FROM complaints_current_v1 WHERE branch_id = {b:String} AND filed_at <= fromUnixTimestamp64Milli({asOf:Int64})`,
      p,
    );
    const H = 3_600_000;
    for (const c of complaints) {
      const filed = Number(c.filed);
      if (r.severeComplaint.enabled && r.severeComplaint.severities.includes(String(c.severity))) {
        await raise({
          key: `severe-complaint|${c.complaint_id}`,
          rule: 'severe-complaint',
          branchId,
          severity: 'critical',
          subject: {
            'zh-CN': `网点 ${branchId} 收到严重投诉 ${c.complaint_id}`,
            en: `Severe complaint ${c.complaint_id} at branch ${branchId}`,
          },
          lines: [
            {
              'zh-CN': `类别:${DIM_ZH[String(c.category)] ?? c.category},严重程度:${c.severity}`,
              en: `Category ${c.category}, severity ${c.severity}`,
            },
          ],
          figures: { complaint: String(c.complaint_id), severity: String(c.severity) },
          details: `SELECT * FROM complaint_events WHERE complaint_id = '${c.complaint_id}' ORDER BY occurred_at`,
        });
      }
      if (!r.complaintSla.enabled) continue;
      const acked = Number(c.acked);
      const resolved = Number(c.resolved);
      const followed = Number(c.followed);
      // A zero timestamp means the stage has not happened (minIf over no rows).
      const stages: [string, number, number][] = [
        ['acknowledge', filed + r.complaintSla.acknowledgeHours * H, acked],
        ['resolve', filed + r.complaintSla.resolveHours * H, resolved],
        ['follow-up', (resolved || filed) + r.complaintSla.followUpHours * H, followed],
      ];
      for (const [stage, due, doneAt] of stages) {
        const late = doneAt > 0 ? doneAt > due : asOf > due;
        if (!late) continue;
        await raise({
          key: `sla-breach|${c.complaint_id}|${stage}`,
          rule: 'sla-breach',
          branchId,
          severity: 'warning',
          subject: {
            'zh-CN': `投诉 ${c.complaint_id} 超出「${stage}」时限`,
            en: `Complaint ${c.complaint_id} missed its ${stage} SLA`,
          },
          lines: [
            {
              'zh-CN': `应于 ${new Date(due).toISOString()} 前完成`,
              en: `Due by ${new Date(due).toISOString()}`,
            },
          ],
          figures: { complaint: String(c.complaint_id), stage, due: new Date(due).toISOString() },
          details: `SELECT * FROM complaints_current_v1 WHERE complaint_id = '${c.complaint_id}'`,
        });
      }
    }
  }

  if (r.npsDrop.enabled) {
    const win = r.npsDrop.windowDays * DAY;
    const period = async (from: number, to: number): Promise<NpsSummary> => {
      const [x] = await rows<{ p: string; pa: string; d: string }>(
        w,
        `SELECT countIf(nps_category = 'promoter') AS p, countIf(nps_category = 'passive') AS pa, countIf(nps_category = 'detractor') AS d
         FROM survey_responses WHERE branch_id = {b:String} AND nps IS NOT NULL
           AND occurred_at >= fromUnixTimestamp64Milli({from:Int64}) AND occurred_at < fromUnixTimestamp64Milli({to:Int64})`,
        { b: branchId, from, to },
      );
      return npsFromCounts({ promoters: Number(x!.p), passives: Number(x!.pa), detractors: Number(x!.d) });
    };
    const current = await period(asOf - win, asOf);
    const previous = await period(asOf - 2 * win, asOf - win);
    const diff = npsDifference(previous, current);
    if (
      current.n >= r.npsDrop.minAnswers &&
      previous.n >= r.npsDrop.minAnswers &&
      diff.significant &&
      diff.diff! < 0
    ) {
      const week = new Date(asOf - win).toISOString().slice(0, 10);
      await raise({
        key: `nps-drop|${branchId}|${week}`,
        rule: 'nps-drop',
        branchId,
        severity: 'warning',
        subject: {
          'zh-CN': `网点 ${branchId} NPS 显著下降`,
          en: `NPS dropped significantly at branch ${branchId}`,
        },
        lines: [
          {
            'zh-CN': `NPS 从 ${previous.score!.toFixed(1)} 降至 ${current.score!.toFixed(1)}(p = ${diff.p.toFixed(4)})`,
            en: `NPS fell from ${previous.score!.toFixed(1)} to ${current.score!.toFixed(1)} (p = ${diff.p.toFixed(4)})`,
          },
        ],
        figures: {
          previous: previous.score!,
          current: current.score!,
          nPrevious: previous.n,
          nCurrent: current.n,
          p: diff.p,
        },
        details: `SELECT * FROM nps_daily WHERE branch_id = '${branchId}' ORDER BY local_date DESC`,
      });
    }
  }

  let loopVersions = 0;
  for (const dimension of DIMENSIONS)
    loopVersions += await evaluateDimension(d, branchId, dimension, asOf, raise);
  return { alerts, loopVersions };
}

async function evaluateDimension(
  d: EvaluateDeps,
  branchId: string,
  dimension: string,
  asOf: number,
  raise: (a: AlertJob) => Promise<void>,
) {
  const w = d.warehouse;
  const p = { b: branchId, dim: dimension, asOf, from28: asOf - 28 * DAY, from7: asOf - 7 * DAY };
  const [window] = await rows<{ mean: number | null; n: string; sd: number | null }>(
    w,
    `SELECT avg(perception) AS mean, count(perception) AS n, stddevSamp(perception) AS sd FROM questionnaire_answers
     WHERE branch_id = {b:String} AND dimension = {dim:String}
       AND occurred_at >= fromUnixTimestamp64Milli({from7:Int64}) AND occurred_at < fromUnixTimestamp64Milli({asOf:Int64})`,
    p,
  );
  const [expect] = await rows<{ mean: number | null }>(
    w,
    `SELECT avg(expectation) AS mean FROM questionnaire_answers WHERE branch_id = {b:String} AND dimension = {dim:String}
       AND occurred_at >= fromUnixTimestamp64Milli({from28:Int64}) AND occurred_at < fromUnixTimestamp64Milli({asOf:Int64})`,
    p,
  );
  const gaps = await rows<{ item_id: string; mean_gap: number; n: string }>(
    w,
    `SELECT item_id, avg(gap) AS mean_gap, count(gap) AS n FROM questionnaire_answers
     WHERE branch_id = {b:String} AND dimension = {dim:String} AND gap IS NOT NULL
       AND occurred_at >= fromUnixTimestamp64Milli({from28:Int64}) AND occurred_at < fromUnixTimestamp64Milli({asOf:Int64})
     GROUP BY item_id ORDER BY mean_gap ASC LIMIT 3`,
    p,
  );
  const expectations = {
    meanExpectation: num(expect?.mean),
    topGaps: gaps.map((g) => ({ itemId: g.item_id, gap: Number(g.mean_gap), nPairs: Number(g.n) })),
  };
  const target = await standardFor(w, branchId, dimension, proposeStandard(expectations), asOf);
  const [latest] = await rows<{ state: string }>(
    w,
    `SELECT state FROM improvement_loops_v1 FINAL WHERE branch_id = {b:String} AND dimension = {dim:String}
     ORDER BY opened_at DESC, version DESC LIMIT 1`,
    p,
  );
  const outcome = evaluateLoop(
    {
      branchId,
      dimension,
      now: asOf,
      target,
      expectations,
      window: { mean: num(window?.mean), n: Number(window?.n ?? 0), sd: num(window?.sd) ?? 0 },
      current: latest ? (JSON.parse(latest.state) as LoopState) : undefined,
    },
    d.loop,
  );
  await saveLoopVersions(w, outcome.versions);
  if (outcome.raiseStandardTo !== undefined) {
    await recordStandard(
      w,
      branchId,
      dimension,
      outcome.raiseStandardTo,
      'raised',
      'closed improvement loop',
      asOf,
    );
  }
  if (d.rules.loop.enabled) {
    for (const a of outcome.alerts) {
      if (a.rule === 'loop-closed' && !d.rules.loop.notifyClosed) continue;
      const s = a.state;
      const zh = DIM_ZH[dimension] ?? dimension;
      const words: Record<string, [string, string]> = {
        'dimension-breach': [
          `网点 ${branchId}「${zh}」未达标准,已启动改进闭环`,
          `Branch ${branchId} is below standard on ${dimension}: improvement loop opened`,
        ],
        'loop-overdue': [
          `网点 ${branchId}「${zh}」改进措施逾期`,
          `Branch ${branchId}: ${dimension} improvement actions overdue`,
        ],
        'loop-escalated': [
          `网点 ${branchId}「${zh}」改进未见成效,升级处理`,
          `Branch ${branchId}: ${dimension} gap not closed, escalated`,
        ],
        'loop-closed': [
          `网点 ${branchId}「${zh}」改进闭环完成,标准提升`,
          `Branch ${branchId}: ${dimension} loop closed, standard raised`,
        ],
      };
      const [subjectZh, subjectEn] = words[a.rule]!;
      await raise({
        key: a.key,
        rule: a.rule,
        branchId,
        severity: a.rule === 'loop-closed' ? 'info' : a.rule === 'dimension-breach' ? 'warning' : 'critical',
        subject: { 'zh-CN': subjectZh, en: subjectEn },
        lines: [
          { 'zh-CN': s.event, en: s.event },
          ...s.actions.map((x) => ({
            'zh-CN': `${x.text['zh-CN']}(负责人 ${x.owner},${new Date(x.dueAt).toISOString().slice(0, 10)} 前)`,
            en: `${x.text.en} (owner ${x.owner}, due ${new Date(x.dueAt).toISOString().slice(0, 10)})`,
          })),
        ],
        figures: {
          target: s.target,
          measured: s.measured.mean ?? 'n/a',
          n: s.measured.n,
          baseline: s.baseline.mean ?? 'n/a',
          iteration: s.iteration,
          step: s.step,
        },
        details: `SELECT version, step, status, event FROM improvement_loops_v1 WHERE loop_id = '${s.loopId}' ORDER BY version`,
      });
    }
  }
  return outcome.versions.length;
}

async function standardFor(
  w: Warehouse,
  branchId: string,
  dimension: string,
  proposed: number,
  asOf: number,
): Promise<number> {
  const [s] = await rows<{ target: number }>(
    w,
    `SELECT target_perception AS target FROM standards_v1 FINAL WHERE dimension = {dim:String} AND branch_id IN ({b:String}, '*')
     ORDER BY branch_id = {b:String} DESC, version DESC LIMIT 1`,
    { b: branchId, dim: dimension },
  );
  if (s) return Number(s.target);
  await recordStandard(
    w,
    branchId,
    dimension,
    proposed,
    'proposed',
    'half a point below mean expectation',
    asOf,
  );
  return proposed;
}

export async function recordStandard(
  w: Warehouse,
  branchId: string,
  dimension: string,
  target: number,
  source: string,
  reason: string,
  at = Date.now(),
) {
  const [v] = await rows<{ v: string }>(
    w,
    'SELECT max(version) AS v FROM standards_v1 WHERE branch_id = {b:String} AND dimension = {dim:String}',
    {
      b: branchId,
      dim: dimension,
    },
  );
  await insertRows(
    w,
    'standards_v1',
    ['branch_id', 'dimension', 'version', 'target_perception', 'source', 'reason', 'created_at'],
    [
      {
        branch_id: branchId,
        dimension,
        version: Number(v?.v ?? 0) + 1,
        target_perception: target,
        source,
        reason,
        created_at: at,
      },
    ],
  );
}

export async function saveLoopVersions(w: Warehouse, versions: LoopState[]) {
  await insertRows(
    w,
    'improvement_loops_v1',
    [
      'loop_id',
      'branch_id',
      'dimension',
      'version',
      'step',
      'status',
      'iteration',
      'escalation',
      'target',
      'measured',
      'measured_n',
      'baseline',
      'state',
      'event',
      'opened_at',
      'due_at',
      'updated_at',
    ],
    versions.map((s) => ({
      loop_id: s.loopId,
      branch_id: s.branchId,
      dimension: s.dimension,
      version: s.version,
      step: s.step,
      status: s.status,
      iteration: s.iteration,
      escalation: s.escalation,
      target: s.target,
      measured: s.measured.mean,
      measured_n: s.measured.n,
      baseline: s.baseline.mean,
      state: JSON.stringify(s),
      event: s.event,
      opened_at: s.openedAt,
      due_at: s.dueAt,
      updated_at: s.updatedAt,
    })),
  );
}

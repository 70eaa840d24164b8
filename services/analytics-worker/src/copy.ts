// Every word the quality team reads, in one place: Chinese first, in Chinese words; English second.
// Figures are formatted here too (one decimal for scores and means, n always shown).
import type { Bilingual } from '@servloop/schemas';
import type { ActionKind } from './config.ts';

export type Dimension = 'attitude' | 'efficiency' | 'performance' | 'process' | 'facilities';
export const DIMENSIONS: readonly Dimension[] = [
  'attitude',
  'efficiency',
  'performance',
  'process',
  'facilities',
];

const DIMENSION_NAMES: Record<Dimension, Bilingual> = {
  attitude: { 'zh-CN': '服务态度', en: 'service attitude' },
  efficiency: { 'zh-CN': '服务效率', en: 'service efficiency' },
  performance: { 'zh-CN': '服务表现', en: 'service performance' },
  process: { 'zh-CN': '服务过程', en: 'service process' },
  facilities: { 'zh-CN': '硬件设施', en: 'facilities' },
};
export const dimensionName = (d: string): Bilingual =>
  DIMENSION_NAMES[d as Dimension] ?? { 'zh-CN': d, en: d };

const STAGES: Record<string, Bilingual> = {
  acknowledge: { 'zh-CN': '受理', en: 'acknowledge' },
  resolve: { 'zh-CN': '处理完毕', en: 'resolve' },
  'follow-up': { 'zh-CN': '回访', en: 'follow-up' },
};
const RESPONSE_REASONS: Record<string, Bilingual> = {
  safety: { 'zh-CN': '安全隐患', en: 'a safety problem' },
  money_at_risk: { 'zh-CN': '资金风险', en: 'money at risk' },
  privacy_at_risk: { 'zh-CN': '个人信息风险', en: 'personal information at risk' },
  escalation_threat: { 'zh-CN': '扬言投诉升级', en: 'an escalation threatened' },
  callback_requested: { 'zh-CN': '要求回电', en: 'a call back asked for' },
};
const SOURCES: Record<string, Bilingual> = {
  survey: { 'zh-CN': '满意度评价', en: 'survey' },
  questionnaire: { 'zh-CN': '窗口服务问卷', en: 'questionnaire' },
  complaint: { 'zh-CN': '投诉', en: 'complaint' },
};
const named = (table: Record<string, Bilingual>, k: string): Bilingual => table[k] ?? { 'zh-CN': k, en: k };
/** At most `max` characters of a quoted text, with an ellipsis when cut. */
const quote = (text: string, max = 120) => {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
};

const SEVERITIES: Record<string, string> = { low: '低', medium: '中', high: '高', critical: '严重' };
const ACTIONS: Record<ActionKind, [string, string]> = {
  supervision: ['现场督导:每日抽查{d}', 'On-site supervision: daily spot checks on {d}'],
  training: ['专项培训:{d}服务标准', 'Training on the standard for {d}'],
  drill: ['情景演练:{d}典型场景', 'Role-play drills on typical {d} situations'],
  innovation: ['服务创新:针对{d}的改进举措', 'Service innovation targeting {d}'],
};

/** One decimal, or "n/a". */
export const fmt1 = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(1);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const stamp = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function actionText(kind: ActionKind, dimension: string): Bilingual {
  const n = dimensionName(dimension);
  const [zh, en] = ACTIONS[kind];
  return { 'zh-CN': zh.replace('{d}', n['zh-CN']), en: en.replace('{d}', n.en) };
}

export const copy = {
  detractorComment: (branchId: string, date: string, count: number, sample: string) => ({
    subject: {
      'zh-CN': `网点 ${branchId} ${date} 有贬损者留言(${count} 条)`,
      en: `Detractor comments at branch ${branchId} on ${date} (${count})`,
    },
    lines: [{ 'zh-CN': `例如:「${sample}」`, en: `For example: “${sample}”` }],
  }),
  commentNeedsResponse: (
    branchId: string,
    c: {
      source: string;
      sourceId: string;
      localDate: string;
      reasons: string[];
      matchedTerms: string[];
      text: string;
    },
  ) => {
    const reasons = c.reasons.map((r) => named(RESPONSE_REASONS, r));
    const source = named(SOURCES, c.source);
    const first = reasons[0] ?? { 'zh-CN': '需回应', en: 'needs a response' };
    return {
      subject: {
        'zh-CN': `网点 ${branchId} 客户留言需回应:${first['zh-CN']}(${source['zh-CN']} ${c.sourceId})`,
        en: `A comment at branch ${branchId} needs a response: ${first.en} (${source.en} ${c.sourceId})`,
      },
      lines: [
        {
          'zh-CN': `留言(${c.localDate}):「${quote(c.text)}」`,
          en: `Comment (${c.localDate}): “${quote(c.text)}”`,
        },
        {
          'zh-CN': `原因:${reasons.map((r) => r['zh-CN']).join('、')};触发词:${c.matchedTerms.join('、') || '无'}`,
          en: `Why: ${reasons.map((r) => r.en).join(', ')}; matched: ${c.matchedTerms.join(', ') || 'none'}`,
        },
      ],
    };
  },
  severeComplaint: (branchId: string, complaintId: string, category: string, severity: string) => {
    const cat = dimensionName(category);
    return {
      subject: {
        'zh-CN': `网点 ${branchId} 收到严重投诉 ${complaintId}`,
        en: `Severe complaint ${complaintId} at branch ${branchId}`,
      },
      lines: [
        {
          'zh-CN': `类别:${cat['zh-CN']},严重程度:${SEVERITIES[severity] ?? severity}`,
          en: `Category ${cat.en}, severity ${severity}`,
        },
      ],
    };
  },
  slaBreach: (complaintId: string, stage: string, dueAt: number, doneAt: number | null) => {
    const s = STAGES[stage] ?? { 'zh-CN': stage, en: stage };
    return {
      subject: {
        'zh-CN': `投诉 ${complaintId} 超出「${s['zh-CN']}」时限`,
        en: `Complaint ${complaintId} missed its ${s.en} SLA`,
      },
      lines: [
        doneAt === null
          ? {
              'zh-CN': `应于 ${stamp(dueAt)} 前完成,至今未完成`,
              en: `Due by ${stamp(dueAt)}, still not done`,
            }
          : {
              'zh-CN': `应于 ${stamp(dueAt)} 前完成,实际 ${stamp(doneAt)}`,
              en: `Due by ${stamp(dueAt)}, done ${stamp(doneAt)}`,
            },
      ],
    };
  },
  npsDrop: (
    branchId: string,
    previous: { from: string; score: number | null; n: number },
    current: { from: string; score: number | null; n: number },
    p: number,
  ) => ({
    subject: {
      'zh-CN': `网点 ${branchId} NPS 显著下降`,
      en: `NPS dropped significantly at branch ${branchId}`,
    },
    lines: [
      {
        'zh-CN': `NPS 从 ${fmt1(previous.score)}(${previous.from} 起一周,样本 ${previous.n})降至 ${fmt1(current.score)}(${current.from} 起,样本 ${current.n}),单侧 p = ${p.toFixed(4)}`,
        en: `NPS fell from ${fmt1(previous.score)} (period from ${previous.from}, n ${previous.n}) to ${fmt1(current.score)} (from ${current.from}, n ${current.n}), one-sided p = ${p.toFixed(4)}`,
      },
    ],
  }),
  loopOpened: (branchId: string, dimension: string, mean: number | null, n: number, target: number) => {
    const d = dimensionName(dimension);
    return {
      subject: {
        'zh-CN': `网点 ${branchId}「${d['zh-CN']}」未达标准,已启动改进闭环`,
        en: `Branch ${branchId} is below standard on ${d.en}: improvement loop opened`,
      },
      lines: [
        {
          'zh-CN': `实测均分 ${fmt1(mean)}(${n} 位客户),标准 ${fmt1(target)}`,
          en: `Measured ${fmt1(mean)} (${n} respondents) against a standard of ${fmt1(target)}`,
        },
      ],
    };
  },
  loopOverdue: (branchId: string, dimension: string, kind: ActionKind, dueAt: number) => {
    const d = dimensionName(dimension);
    const a = actionText(kind, dimension);
    return {
      subject: {
        'zh-CN': `网点 ${branchId}「${d['zh-CN']}」改进措施逾期`,
        en: `Branch ${branchId}: ${d.en} improvement action overdue`,
      },
      lines: [{ 'zh-CN': `${a['zh-CN']}(应于 ${day(dueAt)} 前完成)`, en: `${a.en} (due ${day(dueAt)})` }],
    };
  },
  loopEscalated: (branchId: string, dimension: string, level: number, mean: number | null, n: number) => {
    const d = dimensionName(dimension);
    return {
      subject: {
        'zh-CN': `网点 ${branchId}「${d['zh-CN']}」改进未见成效,升级至第 ${level} 级`,
        en: `Branch ${branchId}: ${d.en} gap not closed, escalated to level ${level}`,
      },
      lines: [
        {
          'zh-CN': `复测均分 ${fmt1(mean)}(${n} 位客户)`,
          en: `Re-measured ${fmt1(mean)} (${n} respondents)`,
        },
      ],
    };
  },
  loopClosed: (
    branchId: string,
    dimension: string,
    from: number | null,
    to: number | null,
    raisedTo?: number,
  ) => {
    const d = dimensionName(dimension);
    return {
      subject: {
        'zh-CN': `网点 ${branchId}「${d['zh-CN']}」改进闭环完成${raisedTo === undefined ? '' : ',标准提升'}`,
        en: `Branch ${branchId}: ${d.en} loop closed${raisedTo === undefined ? '' : ', standard raised'}`,
      },
      lines: [
        {
          'zh-CN': `均分由 ${fmt1(from)} 提升至 ${fmt1(to)}${raisedTo === undefined ? '' : `,新标准 ${fmt1(raisedTo)}`}`,
          en: `Mean rose from ${fmt1(from)} to ${fmt1(to)}${raisedTo === undefined ? '' : `; new standard ${fmt1(raisedTo)}`}`,
        },
      ],
    };
  },
  actionLine: (kind: ActionKind, dimension: string, owner: string, dueAt: number, done: boolean) => {
    const a = actionText(kind, dimension);
    return {
      'zh-CN': `${a['zh-CN']}(负责人 ${owner},${day(dueAt)} 前${done ? ',已完成' : ''})`,
      en: `${a.en} (owner ${owner}, due ${day(dueAt)}${done ? ', done' : ''})`,
    };
  },
  digestTitle: (date: string) => ({ 'zh-CN': `服务质量日报 ${date}`, en: `Service quality digest ${date}` }),
  digestNps: (branchId: string, score: number | null, low: number, high: number, n: number) => ({
    'zh-CN': `${branchId}:NPS ${fmt1(score)}(95% 区间 ${fmt1(low)}–${fmt1(high)},样本 ${n})`,
    en: `${branchId}: NPS ${fmt1(score)} (95% interval ${fmt1(low)}–${fmt1(high)}, n ${n})`,
  }),
  digestCommentTopic: (
    branchId: string,
    t: { topic: string; count: number; share: number; ciLow: number; ciHigh: number; change: number | null },
    n: number,
    previousN: number,
  ) => {
    const d = dimensionName(t.topic);
    const pct = (v: number) => `${Math.round(100 * v)}%`;
    const pts = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(Math.round(100 * v))}`;
    return {
      'zh-CN': `${branchId} 本周负面话题「${d['zh-CN']}」:${t.count} 条,占留言 ${pct(t.share)}(95% 区间 ${pct(t.ciLow)}–${pct(t.ciHigh)},留言 ${n} 条);${t.change === null ? '上周无留言' : `较上周 ${pts(t.change)} 个百分点(上周留言 ${previousN} 条)`}`,
      en: `${branchId}: negative on ${d.en} in ${t.count} comments this week, ${pct(t.share)} of ${n} (95% interval ${pct(t.ciLow)}–${pct(t.ciHigh)}); ${t.change === null ? 'no comments the week before' : `${pts(t.change)} points on the week before (n ${previousN})`}`,
    };
  },
  digestLoop: (branchId: string, dimension: string, step: number, status: string) => {
    const d = dimensionName(dimension);
    return {
      'zh-CN': `改进闭环进行中:${branchId} ×「${d['zh-CN']}」(第 ${step} 步${status === 'escalated' ? ',已升级' : ''})`,
      en: `Open improvement loop: ${branchId} × ${d.en} (step ${step}${status === 'escalated' ? ', escalated' : ''})`,
    };
  },
};

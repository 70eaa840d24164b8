// An alert's figures as the quality team reads them: a Chinese and an English label, one decimal
// for scores and means, units, dimension and severity names in words, p-values as p-values —
// instead of `measured: 1.8496732026143792`.
import { windowServiceCatalogue } from '@servloop/schemas';

type Label = [
  zh: string,
  en: string,
  kind?: 'score' | 'nps' | 'count' | 'p' | 'date' | 'time' | 'step' | 'text',
];

const LABELS: Record<string, Label> = {
  target: ['目标(感知均值)', 'target (mean perception)', 'score'],
  measured: ['实测(感知均值)', 'measured (mean perception)', 'score'],
  baseline: ['基线(感知均值)', 'baseline (mean perception)', 'score'],
  respondents: ['受访人数', 'respondents', 'count'],
  iteration: ['第几轮', 'iteration', 'count'],
  escalation: ['升级级别', 'escalation level', 'count'],
  step: ['当前步骤', 'step', 'step'],
  previous: ['上期 NPS', 'previous NPS', 'nps'],
  current: ['本期 NPS', 'current NPS', 'nps'],
  nPrevious: ['上期样本数', 'previous n', 'count'],
  nCurrent: ['本期样本数', 'current n', 'count'],
  pOneSided: ['单侧 p 值', 'one-sided p', 'p'],
  p: ['p 值', 'p', 'p'],
  detractorsWithComment: ['留言的贬损者', 'detractors with a comment', 'count'],
  date: ['日期', 'date', 'date'],
  complaint: ['投诉编号', 'complaint', 'text'],
  complaintId: ['投诉编号', 'complaint', 'text'],
  responseId: ['答卷编号', 'response', 'text'],
  severity: ['严重程度', 'severity', 'text'],
  stage: ['环节', 'stage', 'text'],
  due: ['截止时间', 'due', 'time'],
  branches: ['网点数', 'branches', 'count'],
  alertsRaised: ['告警数', 'alerts raised', 'count'],
  openLoops: ['未关闭改进循环', 'open improvement loops', 'count'],
  dimension: ['维度', 'dimension', 'text'],
};

const STEPS = [
  '',
  '了解客户期望 / understand expectations',
  '优化服务标准 / optimise standards',
  '按标准执行 / execute to standard',
  '创新与兑现承诺 / innovate, keep promises',
  '良性循环 / virtuous cycle',
];
const WORDS: Record<string, string> = {
  ...Object.fromEntries(
    windowServiceCatalogue().dimensions.map((d) => [d.id, `${d.text['zh-CN']} / ${d.text.en}`]),
  ),
  low: '低 / low',
  medium: '中 / medium',
  high: '高 / high',
  critical: '严重 / critical',
  acknowledge: '受理 / acknowledge',
  resolve: '处理完毕 / resolve',
  'follow-up': '回访 / follow-up',
};

function value(kind: Label[2], v: string | number): string {
  if (typeof v === 'string') {
    if (kind === 'time' && !Number.isNaN(Date.parse(v)))
      return `${new Date(v).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    return WORDS[v] ?? v;
  }
  if (!Number.isFinite(v)) return '–';
  switch (kind) {
    case 'score':
      return `${v.toFixed(1)} 分 / points (1–5)`;
    case 'nps':
      return v.toFixed(1);
    case 'count':
      return Number.isInteger(v) ? String(v) : v.toFixed(1);
    case 'p':
      return v < 0.001 ? '< 0.001' : v.toFixed(3);
    case 'step':
      return `${v} ${STEPS[v] ?? ''}`.trim();
    default:
      return Number.isInteger(v) ? String(v) : v.toFixed(1);
  }
}

/** `[label, value]` pairs: "目标(感知均值) / target (mean perception)", "4.0 分 / points (1–5)". */
export function formatFigures(figures: Record<string, string | number>): [string, string][] {
  return Object.entries(figures).map(([key, v]) => {
    const label = LABELS[key];
    return [label ? `${label[0]} / ${label[1]}` : key, value(label?.[2], v)];
  });
}

// Shared bits for the benchmarks (run by hand; they print ratios against a baseline measured in
// the same run, because absolute numbers on a shared 2-core machine are noise).
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function surveyBody(i: number) {
  return {
    type: 'survey.response',
    occurredAt: '2026-03-02T10:30:00+08:00',
    data: {
      responseId: `R${i}`,
      customer: { phone: `1380013${String(i % 10000).padStart(4, '0')}` },
      channel: 'sms',
      language: 'zh-CN',
      nps: i % 11,
      csat: 1 + (i % 5),
      comment: i % 3 ? '' : '柜员态度很好,但是等候时间有点长。',
    },
  };
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

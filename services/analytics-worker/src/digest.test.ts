import { describe, expect, it } from 'vitest';
import { actionText, dimensionName, fmt1 } from './copy.ts';
import { commentWeeks, digestAlert, topNegativeTopics } from './digest.ts';

describe('bilingual copy', () => {
  it('Chinese dimension names in Chinese words, English second', () => {
    expect(
      ['attitude', 'efficiency', 'performance', 'process', 'facilities'].map(
        (d) => dimensionName(d)['zh-CN'],
      ),
    ).toEqual(['服务态度', '服务效率', '服务表现', '服务过程', '硬件设施']);
    expect(actionText('drill', 'efficiency')).toEqual({
      'zh-CN': '情景演练:服务效率典型场景',
      en: 'Role-play drills on typical service efficiency situations',
    });
  });
  it('figures with one decimal; missing is n/a', () => {
    expect([fmt1(42), fmt1(-3.25), fmt1(null), fmt1(Number.NaN)]).toEqual(['42.0', '-3.3', 'n/a', 'n/a']);
  });
});

describe('daily digest', () => {
  it('an empty day still says so, with zero counts', () => {
    const a = digestAlert({ date: '2026-03-10', nps: [], alertsRaised: 0, openLoops: [] });
    expect(a).toMatchObject({
      key: 'digest|2026-03-10',
      lines: [],
      figures: { branches: 0, alertsRaised: 0, openLoops: 0 },
    });
    expect(a.subject['zh-CN']).toBe('服务质量日报 2026-03-10');
  });
  it('NPS with n and interval, open loops in Chinese', () => {
    const a = digestAlert({
      date: '2026-03-10',
      nps: [{ branchId: 'B001', n: 6, score: 33.333, ciLow: -12.04, ciHigh: 70.96 }],
      alertsRaised: 2,
      openLoops: [{ branchId: 'B001', dimension: 'facilities', step: 4, status: 'escalated' }],
    });
    expect(a.lines.map((l) => l['zh-CN'])).toEqual([
      'B001:NPS 33.3(95% 区间 -12.0–71.0,样本 6)',
      '改进闭环进行中:B001 ×「硬件设施」(第 4 步,已升级)',
    ]);
    expect(a.lines[0]!.en).toBe('B001: NPS 33.3 (95% interval -12.0–71.0, n 6)');
  });
});

describe('the week’s top negative comment topics per branch', () => {
  const branches = [
    { branchId: 'B002', comments: 10, previousComments: 0 },
    { branchId: 'B001', comments: 40, previousComments: 50 },
    { branchId: 'B003', comments: 0, previousComments: 12 },
  ];
  const counts = [
    { branchId: 'B001', topic: 'attitude', count: 4, previousCount: 5 },
    { branchId: 'B001', topic: 'efficiency', count: 18, previousCount: 5 },
    { branchId: 'B001', topic: 'facilities', count: 6, previousCount: 0 },
    { branchId: 'B001', topic: 'process', count: 4, previousCount: 1 },
    { branchId: 'B002', topic: 'performance', count: 1, previousCount: 0 },
    { branchId: 'B003', topic: 'process', count: 0, previousCount: 3 },
  ];

  it('the week is the 7 days ending on the digest date, against the 7 before', () => {
    expect(commentWeeks('2026-03-10')).toEqual({
      from: '2026-03-04',
      previousFrom: '2026-02-25',
      to: '2026-03-10',
    });
  });

  it('top 3 by count (ties by name), share of all the week’s comments with its interval, change on the week before', () => {
    const out = topNegativeTopics(branches, counts);
    expect(out.map((b) => [b.branchId, b.comments, b.topics.map((t) => t.topic)])).toEqual([
      ['B001', 40, ['efficiency', 'facilities', 'attitude']],
      ['B002', 10, ['performance']],
    ]);
    const eff = out[0]!.topics[0]!;
    expect(eff).toMatchObject({ count: 18, share: 0.45, previousCount: 5, previousShare: 0.1 });
    expect(eff.change).toBeCloseTo(0.35);
    expect(eff.ciLow).toBeLessThan(0.45);
    expect(eff.ciHigh).toBeGreaterThan(0.45);
    expect(out[1]!.topics[0]).toMatchObject({ previousShare: null, change: null });
    expect(topNegativeTopics(branches, counts, 1)[0]!.topics).toHaveLength(1);
    expect(topNegativeTopics([], [])).toEqual([]);
  });

  it('in the digest email, with n and interval, in Chinese first', () => {
    const a = digestAlert({
      date: '2026-03-10',
      nps: [],
      alertsRaised: 0,
      openLoops: [],
      commentTopics: topNegativeTopics(branches, counts, 1),
    });
    expect(a.lines.map((l) => l['zh-CN'])).toEqual([
      'B001 本周负面话题「服务效率」:18 条,占留言 45%(95% 区间 31%–60%,留言 40 条);较上周 +35 个百分点(上周留言 50 条)',
      'B002 本周负面话题「服务表现」:1 条,占留言 10%(95% 区间 2%–40%,留言 10 条);上周无留言',
    ]);
    expect(a.lines[0]!.en).toBe(
      'B001: negative on service efficiency in 18 comments this week, 45% of 40 (95% interval 31%–60%); +35 points on the week before (n 50)',
    );
    expect(a.figures.commentsThisWeek).toBe(50);
  });
});

import { describe, expect, it } from 'vitest';
import { actionText, dimensionName, fmt1 } from './copy.ts';
import { digestAlert } from './digest.ts';

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

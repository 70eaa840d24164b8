import { describe, expect, it } from 'vitest';
import { addressing, render } from './render.ts';

describe('alert email', () => {
  it('is bilingual, escapes HTML and says where to see the details', () => {
    const mail = render({
      key: 'nps-drop|B001|2026-03-09',
      rule: 'nps-drop',
      branchId: 'B001',
      severity: 'warning',
      subject: { 'zh-CN': '网点 B001 NPS 显著下降', en: 'NPS dropped significantly at branch B001' },
      lines: [{ 'zh-CN': 'NPS 从 42.0 降至 18.0', en: 'NPS fell from 42.0 to 18.0 <b>' }],
      figures: { previous: 42, current: 18, p: 0.001234567 },
      details: "SELECT * FROM nps_daily WHERE branch_id = 'B001'",
    });
    expect(mail.subject).toBe(
      '[servloop 警告/Warning] 网点 B001 NPS 显著下降 / NPS dropped significantly at branch B001',
    );
    expect(mail.text).toContain('- NPS 从 42.0 降至 18.0');
    expect(mail.text).toContain('p: 0.0012');
    expect(mail.text).toContain("SELECT * FROM nps_daily WHERE branch_id = 'B001'");
    expect(mail.html).toContain('fell from 42.0 to 18.0 &#60;b&#62;');
    expect(mail.html).not.toContain('<b>');
  });

  it('is addressed as the analytics configuration says, else with the mailer defaults', () => {
    const base = {
      key: 'k',
      rule: 'digest',
      branchId: '*',
      severity: 'info' as const,
      subject: { 'zh-CN': '日报', en: 'Digest' },
      lines: [],
      figures: {},
      details: '',
    };
    const defaults = {
      from: 'servloop <alerts@servloop.local>',
      recipients: ['quality-team@servloop.local'],
    };
    expect(
      addressing({ ...base, recipients: ['qa@bank.cn'], from: 'QA <qa-bot@bank.cn>' }, defaults),
    ).toEqual({
      from: 'QA <qa-bot@bank.cn>',
      to: ['qa@bank.cn'],
    });
    expect(addressing({ ...base, recipients: [] }, defaults)).toEqual({
      from: defaults.from,
      to: defaults.recipients,
    });
    expect(addressing(base, defaults)).toEqual({ from: defaults.from, to: defaults.recipients });
  });

  it('renders the digest’s comment-topic lines in both languages, escaped', () => {
    const mail = render({
      key: 'digest|2026-03-10',
      rule: 'digest',
      branchId: '*',
      severity: 'info',
      subject: { 'zh-CN': '服务质量日报 2026-03-10', en: 'Service quality digest 2026-03-10' },
      lines: [
        {
          'zh-CN':
            'B001 本周负面话题「服务效率」:18 条,占留言 45%(95% 区间 31%–60%,留言 40 条);较上周 +35 个百分点(上周留言 50 条)',
          en: 'B001: negative on service efficiency in 18 comments this week, 45% of 40 (95% interval 31%–60%); +35 points on the week before (n 50)',
        },
      ],
      figures: { date: '2026-03-10', commentsThisWeek: 40 },
      details: "SELECT * FROM nps_daily WHERE local_date = '2026-03-10'",
    });
    expect(mail.text).toContain(
      '- B001 本周负面话题「服务效率」:18 条,占留言 45%(95% 区间 31%–60%,留言 40 条)',
    );
    expect(mail.text).toContain('- B001: negative on service efficiency in 18 comments this week, 45% of 40');
    expect(mail.text).toContain('commentsThisWeek: 40');
    expect(mail.html).toContain('<li>B001 本周负面话题「服务效率」');
  });
});

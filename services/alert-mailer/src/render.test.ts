import { describe, expect, it } from 'vitest';
import { addressing, render } from './render.ts';

describe('alert email', () => {
  it('is bilingual, escapes HTML and links to the console page that explains it', () => {
    const mail = render(
      {
        key: 'nps-drop|B001|2026-03-09',
        rule: 'nps-drop',
        branchId: 'B001',
        severity: 'warning',
        subject: { 'zh-CN': '网点 B001 NPS 显著下降', en: 'NPS dropped significantly at branch B001' },
        lines: [{ 'zh-CN': 'NPS 从 42.0 降至 18.0', en: 'NPS fell from 42.0 to 18.0 <b>' }],
        figures: { previous: 42, current: 18, p: 0.001234567 },
        details: "SELECT * FROM nps_daily WHERE branch_id = 'B001'",
      },
      'https://quality.bank.example/',
    );
    expect(mail.subject).toBe(
      '[servloop 警告/Warning] 网点 B001 NPS 显著下降 / NPS dropped significantly at branch B001',
    );
    expect(mail.text).toContain('- NPS 从 42.0 降至 18.0');
    expect(mail.text).toContain('p 值 / p: 0.001');
    expect(mail.text).toContain('本期 NPS / current NPS: 18.0');
    expect(mail.text).toContain('https://quality.bank.example/branches/B001#nps');
    expect(mail.text).not.toContain('SELECT');
    expect(mail.html).toContain('<a href="https://quality.bank.example/branches/B001#nps">');
    expect(mail.html).toContain('fell from 42.0 to 18.0 &#60;b&#62;');
    expect(mail.html).not.toContain('<b>');
  });

  it('formats figures: one decimal, units, words for dimensions, severities and steps', () => {
    const mail = render({
      key: 'dimension-breach|B001:efficiency:2026-03-16',
      rule: 'dimension-breach',
      branchId: 'B001',
      severity: 'warning',
      subject: { 'zh-CN': 's', en: 's' },
      lines: [],
      figures: {
        target: 4,
        measured: 1.8496732026143792,
        respondents: 36,
        step: 3,
        dimension: 'efficiency',
        severity: 'high',
        pOneSided: 0.00001,
      },
      details: '',
    });
    expect(mail.text).toContain('实测(感知均值) / measured (mean perception): 1.8 分 / points (1–5)');
    expect(mail.text).toContain('目标(感知均值) / target (mean perception): 4.0 分 / points (1–5)');
    expect(mail.text).toContain('受访人数 / respondents: 36');
    expect(mail.text).toContain('当前步骤 / step: 3 按标准执行 / execute to standard');
    expect(mail.text).toContain('维度 / dimension: 服务效率 / Service efficiency');
    expect(mail.text).toContain('严重程度 / severity: 高 / high');
    expect(mail.text).toContain('单侧 p 值 / one-sided p: < 0.001');
    expect(mail.text).not.toContain('1.8496');
    expect(mail.text).toContain('http://127.0.0.1:8090/branches/B001/loops/B001%3Aefficiency%3A2026-03-16');
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
});

// Every alert e-mail links to the quality console page that explains it: for each rule, the link
// the mailer renders opens (200, signed in as HQ) on the page about that branch, loop or case.
import { render } from '@servloop/alert-mailer';
import { ALERT_RULES } from '@servloop/analytics-worker';
import { FIXTURE } from '@servloop/quality-console/fixture';
import { useTestConsole } from '@servloop/quality-console/test-support';
import type { AlertJob } from '@servloop/schemas';
import { isolate, resolveEndpoints } from '@servloop/test-harness';
import { describe, expect, it } from 'vitest';

const t = useTestConsole(async () => {
  const endpoints = await resolveEndpoints();
  return {
    kafkaBrokers: endpoints.KAFKA_BROKERS,
    redisUrl: endpoints.REDIS_URL,
    iso: isolate(endpoints, 'console-links'),
  };
});

const loopId = FIXTURE.loopId('N001');
const base = {
  branchId: 'N001',
  severity: 'warning' as const,
  subject: { 'zh-CN': 's', en: 's' },
  lines: [],
  details: '',
};
const loopFigures = {
  target: 4,
  measured: 3.1,
  respondents: 36,
  baseline: 3.1,
  iteration: 1,
  escalation: 0,
  step: 4,
};
// One alert per rule, with the keys and figures the analytics worker writes; `shows`: what the
// linked page must contain.
const ALERTS: (AlertJob & { shows: string })[] = [
  {
    ...base,
    rule: 'detractor-comment',
    key: 'detractor-comment|N001|2026-11-08',
    figures: { detractorsWithComment: 1, date: '2026-11-08' },
    shows: 'N001-resp-detractor',
  },
  {
    ...base,
    rule: 'severe-complaint',
    key: 'severe-complaint|N001-cmp-1',
    figures: { complaint: 'N001-cmp-1', severity: 'high' },
    shows: 'severe-complaint|N001-cmp-1',
  },
  {
    ...base,
    rule: 'comment-needs-response',
    key: 'comment-needs-response|N001|N001-resp-detractor',
    figures: { responseId: 'N001-resp-detractor' },
    shows: '排队太久',
  },
  {
    ...base,
    rule: 'sla-breach',
    key: 'sla-breach|N001-cmp-1|acknowledge',
    figures: { complaint: 'N001-cmp-1', stage: 'acknowledge', due: '2026-11-08T04:00:00.000Z' },
    shows: 'id="complaints"',
  },
  ...(['clock-warning', 'clock-breach', 'clock-unknown'] as const).map((rule) => ({
    ...base,
    rule,
    key: `${rule}|cn-banking-insurance-2020|decide|N001|N001-cmp-1|2026-11-20`,
    figures: {
      pack: 'cn-banking-insurance-2020',
      clock: 'decide',
      complaint: 'N001-cmp-1',
      dueDate: '2026-11-20',
    },
    shows: 'id="complaints"',
  })),
  {
    ...base,
    rule: 'nps-drop',
    key: 'nps-drop|N001|2026-11-02',
    figures: { previous: 40, current: 20, nPrevious: 300, nCurrent: 280, pOneSided: 0.0004 },
    shows: 'id="nps"',
  },
  {
    ...base,
    rule: 'dimension-breach',
    key: `dimension-breach|${loopId}`,
    figures: loopFigures,
    shows: 'id="timeline"',
  },
  {
    ...base,
    rule: 'loop-overdue',
    key: `loop-overdue|${loopId}|1|training`,
    figures: loopFigures,
    shows: 'id="timeline"',
  },
  {
    ...base,
    rule: 'loop-escalated',
    key: `loop-escalated|${loopId}|2`,
    figures: loopFigures,
    shows: 'id="timeline"',
  },
  {
    ...base,
    rule: 'loop-closed',
    key: `loop-closed|${loopId}`,
    figures: loopFigures,
    shows: 'id="timeline"',
  },
  {
    ...base,
    rule: 'digest',
    branchId: '*',
    key: 'digest|2026-11-08',
    figures: { date: '2026-11-08', branches: 3, alertsRaised: 2, openLoops: 3 },
    shows: 'id="network"',
  },
];

describe('alert e-mail links', () => {
  it('cover every alert rule the worker runs', () => {
    // A registry rule may raise alerts under other rule names (the regulator's clocks: one rule, a
    // warning before the breach, an alert at it, a warning when a clock cannot be computed).
    const raises: Record<string, string[]> = {
      'complaint-clock': ['clock-warning', 'clock-breach', 'clock-unknown'],
    };
    for (const rule of ALERT_RULES)
      for (const name of raises[rule.id] ?? [rule.id]) expect(ALERTS.map((a) => a.rule)).toContain(name);
  });

  for (const alert of ALERTS) {
    it(`${alert.rule}: the e-mail's link opens the page about it`, async () => {
      const mail = render(alert, t.c.app.publicUrl);
      const link = /在控制台查看 \/ Open in the quality console:\n {2}(\S+)/.exec(mail.text)?.[1];
      expect(link, mail.text).toBeDefined();
      expect(link!.startsWith(t.c.app.publicUrl)).toBe(true);
      expect(mail.html).toContain(`href="${link!.replace(/&/g, '&#38;')}"`);
      const res = await t.hq.get(link!.slice(t.c.app.publicUrl.length));
      expect(res.status, link).toBe(200);
      const page = await res.text();
      expect(page, link).toContain(alert.shows);
      if (alert.rule.startsWith('loop') || alert.rule === 'dimension-breach') expect(page).toContain(loopId);
    });
  }
});

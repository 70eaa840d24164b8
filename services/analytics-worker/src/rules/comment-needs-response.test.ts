import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG as C, parseConfig } from '../config.ts';
import type { CommentNeedingResponse } from '../facts-types.ts';
import { commentNeedsResponse, orderReasons } from './comment-needs-response.ts';
import { facts } from './test-facts.ts';

const comment = (over: Partial<CommentNeedingResponse> = {}): CommentNeedingResponse => ({
  eventId: 'evt-1',
  source: 'survey',
  sourceId: 'R1',
  localDate: '2026-03-15',
  reasons: ['callback_requested'],
  matchedTerms: ['回电'],
  analyserVersion: 'servloop-comments-1.0.0',
  text: '等了很久,请回电',
  ...over,
});
const run = (list: CommentNeedingResponse[], c = C) =>
  commentNeedsResponse.evaluate(facts({ commentsNeedingResponse: list }), c);

describe('comment-needs-response rule', () => {
  it('no such comments: no alert', () => {
    expect(run([])).toEqual([]);
  });

  it('one alert per comment, keyed by branch and event, reason and terms in its figures', () => {
    const out = run([comment(), comment({ eventId: 'evt-2', sourceId: 'C9', source: 'complaint' })]);
    expect(out.map((a) => a.key)).toEqual([
      'comment-needs-response|B1|evt-1',
      'comment-needs-response|B1|evt-2',
    ]);
    expect(out[0]).toMatchObject({
      rule: 'comment-needs-response',
      branchId: 'B1',
      severity: 'warning',
      figures: {
        reason: 'callback_requested',
        reasons: 'callback_requested',
        matchedTerms: '回电',
        source: 'survey',
        sourceId: 'R1',
        eventId: 'evt-1',
        date: '2026-03-15',
        analyserVersion: 'servloop-comments-1.0.0',
      },
    });
    expect(out[0]!.subject['zh-CN']).toBe('网点 B1 客户留言需回应:要求回电(满意度评价 R1)');
    expect(out[0]!.lines.map((l) => l['zh-CN'])).toEqual([
      '留言(2026-03-15):「等了很久,请回电」',
      '原因:要求回电;触发词:回电',
    ]);
    expect(out[1]!.subject.en).toBe(
      'A comment at branch B1 needs a response: a call back asked for (complaint C9)',
    );
    // The same facts again give the same keys: the worker records an alert once per key.
    expect(run([comment()])[0]!.key).toBe(out[0]!.key);
  });

  it('severity by the gravest reason, which is named first', () => {
    const sev = (reasons: string[]) => {
      const [a] = run([comment({ reasons })]);
      return [a!.severity, a!.figures.reason];
    };
    expect(sev(['callback_requested'])).toEqual(['warning', 'callback_requested']);
    expect(sev(['callback_requested', 'escalation_threat'])).toEqual(['warning', 'escalation_threat']);
    expect(sev(['escalation_threat', 'money_at_risk'])).toEqual(['critical', 'money_at_risk']);
    expect(sev(['privacy_at_risk'])).toEqual(['critical', 'privacy_at_risk']);
    expect(sev(['callback_requested', 'safety'])).toEqual(['critical', 'safety']);
    // A reason a newer analyser names and this worker does not know still alerts, as a warning.
    expect(sev(['queue_fire'])).toEqual(['warning', 'queue_fire']);
    expect(orderReasons(['callback_requested', 'x', 'safety', 'safety'])).toEqual([
      'safety',
      'callback_requested',
      'x',
    ]);
  });

  it('severities and the switch come from the rules file', () => {
    const c = parseConfig({ commentNeedsResponse: { severities: { callback_requested: 'info' } } });
    expect(run([comment()], c)[0]!.severity).toBe('info');
    expect(run([comment({ reasons: ['safety'] })], c)[0]!.severity).toBe('critical');
    expect(() => parseConfig({ commentNeedsResponse: { severities: { callback: 'info' } } })).toThrow(
      'commentNeedsResponse.severities.callback: unknown key',
    );
    expect(() => parseConfig({ commentNeedsResponse: { severities: { safety: 'urgent' } } })).toThrow(
      'commentNeedsResponse.severities.safety',
    );
    expect(commentNeedsResponse.enabled(parseConfig({ commentNeedsResponse: { enabled: false } }))).toBe(
      false,
    );
    expect(commentNeedsResponse.enabled(C)).toBe(true);
  });

  it('a long comment is quoted in part', () => {
    const [a] = run([comment({ text: '慢'.repeat(300) })]);
    expect(a!.lines[0]!['zh-CN']).toBe(`留言(2026-03-15):「${'慢'.repeat(120)}…」`);
  });
});

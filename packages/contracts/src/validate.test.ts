import { invalidExamples, validExamples } from '@servloop/schemas';
import { describe, expect, it } from 'vitest';
import { validateEnvelope, validateWebhookRequest } from './validate.ts';

describe('golden examples', () => {
  for (const ex of validExamples()) {
    it(`accepts ${ex.file}`, () => {
      const result = validateWebhookRequest(ex.body);
      expect(result.ok ? [] : result.errors).toEqual([]);
    });
  }
  for (const ex of invalidExamples()) {
    it(`refuses ${ex.file} at ${ex.expect.path}`, () => {
      const result = validateWebhookRequest(ex.body);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.map((e) => e.path)).toContain(ex.expect.path);
    });
  }
  it('has examples for every event type', () => {
    const types = new Set(validExamples().map((e) => e.body.type));
    expect([...types].sort()).toEqual([
      'complaint.acknowledged',
      'complaint.callback',
      'complaint.extended',
      'complaint.filed',
      'complaint.followed_up',
      'complaint.resolved',
      'loop.action_completed',
      'loop.note_added',
      'questionnaire.window_service',
      'survey.response',
      'visit.completed',
    ]);
  });
});

describe('error reporting', () => {
  it('names the missing field and the unexpected one', () => {
    const result = validateWebhookRequest({
      type: 'survey.response',
      occurredAt: '2026-03-02T10:30:00+08:00',
      data: { customer: {}, channel: 'sms', nps: 4, colour: 'red' },
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: '/data/responseId', reason: 'is required' },
        { path: '/data/colour', reason: 'is not allowed' },
      ],
    });
  });

  it('checks envelopes too', () => {
    const env = {
      id: 'msg_1',
      type: 'survey.response',
      schemaVersion: 1,
      branchId: 'B001',
      occurredAt: '2026-03-02T10:30:00+08:00',
      receivedAt: '2026-03-02T02:30:01Z',
      data: {
        responseId: 'R',
        customer: { customerKey: 'ck_0123456789abcdef0123456789abcdef' },
        channel: 'sms',
        nps: 9,
      },
    };
    expect(validateEnvelope(env).ok).toBe(true);
    expect(validateEnvelope({ ...env, branchId: undefined }).ok).toBe(false);
  });
});

describe('console events', () => {
  const envelope = (type: string, data: Record<string, unknown>) => ({
    id: 'console-1',
    type,
    schemaVersion: 1,
    branchId: 'B001',
    occurredAt: '2026-03-21T10:00:00+08:00',
    receivedAt: '2026-03-21T10:00:00+08:00',
    data,
  });
  const actor = { user: 'quality.hq', role: 'hq', via: 'local', session: '0123456789abcdef' };

  it('accepts a standard override with its actor on Kafka, and refuses a target outside 1–5', () => {
    const ok = validateEnvelope(
      envelope('standard.overridden', { dimension: 'efficiency', target: 4.3, reason: '新系统', actor }),
    );
    expect(ok.ok ? [] : ok.errors).toEqual([]);
    const bad = validateEnvelope(
      envelope('standard.overridden', { dimension: 'efficiency', target: 0.5, reason: 'x' }),
    );
    expect(bad.ok ? [] : bad.errors.map((e) => e.path)).toContain('/data/target');
  });

  it('does not take a standard override from a branch webhook', () => {
    const r = validateWebhookRequest({
      type: 'standard.overridden',
      occurredAt: '2026-03-21T10:00:00+08:00',
      data: { dimension: 'efficiency', target: 4.3, reason: 'x' },
    });
    expect(r.ok ? [] : r.errors.map((e) => e.path)).toContain('/type');
  });
});

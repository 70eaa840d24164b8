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

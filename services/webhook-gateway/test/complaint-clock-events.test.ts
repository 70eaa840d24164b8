// The regulator's clock events at the gateway's door: an extension names its approver or is refused
// with 400 and the field's path before anything reaches the intake; the free text of extensions and
// call-backs is masked like any other.
import { createLifecycle } from '@servloop/service-kit';
import { sign } from '@servloop/webhook-signature';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGateway } from '../src/app.ts';
import { type IntakeEvent, toEnvelope } from '../src/envelope.ts';

const secret = `whsec_${Buffer.from('clock-events-secret').toString('base64')}`;
const submitted: IntakeEvent[] = [];
const lifecycle = createLifecycle('gateway-clock-events-test');
lifecycle.ready = true;
const app = buildGateway({
  config: { branchSecrets: new Map([['B001', [secret]]]), pseudonymSecret: 'pseudo' },
  intake: {
    submit: async (events) => {
      submitted.push(...events);
      return events.map(() => 'accepted' as const);
    },
  },
  lifecycle,
});
afterAll(() => app.close());

let n = 0;
async function post(body: unknown) {
  const id = `clk-${n++}`;
  const text = JSON.stringify(body);
  const ts = String(Math.floor(Date.now() / 1000));
  const res = await app.inject({
    method: 'POST',
    url: '/v1/branches/B001/events',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': ts,
      'webhook-signature': sign(secret, id, ts, text),
    },
    payload: text,
  });
  return { status: res.statusCode, body: res.json() as Record<string, unknown> };
}

const extension = {
  type: 'complaint.extended',
  occurredAt: '2026-02-10T10:00:00+08:00',
  data: {
    complaintId: 'C-3001',
    reason: '需调取交易流水,已致电13800138000告知客户',
    approver: { id: 'M-01', role: 'complaint_manager' },
    extendedBy: 15,
    customerInformedAt: '2026-02-10T11:00:00+08:00',
  },
};

describe('complaint.extended and complaint.callback at the gateway', () => {
  it('refuses an extension without an approver: 400, the field named, nothing submitted', async () => {
    const { approver: _, ...withoutApprover } = extension.data;
    const res = await post({ ...extension, data: withoutApprover });
    expect(res).toEqual({
      status: 400,
      body: {
        error: 'invalid_event',
        message: expect.any(String),
        errors: [{ path: '/data/approver', reason: 'is required' }],
      },
    });
    expect(submitted).toEqual([]);
  });

  it('refuses an approver without a role, and an extension that says neither days nor a new date', async () => {
    const noRole = await post({ ...extension, data: { ...extension.data, approver: { id: 'M-01' } } });
    expect([noRole.status, noRole.body.errors]).toEqual([
      400,
      [{ path: '/data/approver/role', reason: 'is required' }],
    ]);
    const { extendedBy: _, ...noAmount } = extension.data;
    const neither = await post({ ...extension, data: noAmount });
    expect(neither.status).toBe(400);
    expect((neither.body.errors as { path: string }[]).map((e) => e.path)).toEqual(['/data']);
    expect(submitted).toEqual([]);
  });

  it('accepts a complete extension and a call-back; their free text leaves the gateway masked', async () => {
    const ext = await post(extension);
    const callback = await post({
      type: 'complaint.callback',
      occurredAt: '2026-02-14T16:00:00+08:00',
      data: {
        responseId: 'R-8812',
        outcome: 'reached',
        note: '回拨13800138000,群众认可整改方案',
        calledAt: '2026-02-14T15:40:00+08:00',
        by: 'S-12',
      },
    });
    expect([ext.status, callback.status]).toEqual([202, 202]);
    expect(submitted.map((e) => e.request.type)).toEqual(['complaint.extended', 'complaint.callback']);
    const envelopes = submitted.map((e) => toEnvelope(e, 'pseudo'));
    expect(envelopes[0]!.data).toMatchObject({
      reason: '需调取交易流水,已致电138****8000告知客户',
      approver: { id: 'M-01', role: 'complaint_manager' },
    });
    expect(envelopes[1]!.data).toMatchObject({ note: '回拨138****8000,群众认可整改方案' });
  });
});

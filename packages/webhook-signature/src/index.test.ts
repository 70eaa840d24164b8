import { describe, expect, it } from 'vitest';
import { sign, verify } from './index.ts';

const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
const rotated = `whsec_${Buffer.from('fedcba9876543210fedcba9876543210').toString('base64')}`;
const body = Buffer.from('{"type":"survey.response"}');
const now = 1_772_000_000;
const ts = String(now);

describe('Standard Webhooks verification', () => {
  it('accepts a valid signature', () => {
    expect(
      verify([secret], { id: 'msg_1', timestamp: ts, signature: sign(secret, 'msg_1', ts, body) }, body, now),
    ).toEqual({ ok: true });
  });
  it('accepts during rotation: any offered signature against any current secret', () => {
    const signature = `v1,AAAA ${sign(rotated, 'msg_1', ts, body)}`;
    expect(verify([secret, rotated], { id: 'msg_1', timestamp: ts, signature }, body, now).ok).toBe(true);
  });
  it('refuses a tampered body', () => {
    const sig = sign(secret, 'msg_1', ts, body);
    const r = verify(
      [secret],
      { id: 'msg_1', timestamp: ts, signature: sig },
      Buffer.from('{"type":"x"}'),
      now,
    );
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/no signature matches/) });
  });
  it('refuses a stale or future timestamp', () => {
    const old = String(now - 301);
    expect(
      verify([secret], { id: 'm', timestamp: old, signature: sign(secret, 'm', old, body) }, body, now),
    ).toEqual({
      ok: false,
      reason: expect.stringMatching(/301 s old/),
    });
    const future = String(now + 400);
    expect(
      verify([secret], { id: 'm', timestamp: future, signature: sign(secret, 'm', future, body) }, body, now)
        .ok,
    ).toBe(false);
  });
  it('refuses missing headers and the wrong secret', () => {
    expect(verify([secret], { id: 'm', timestamp: ts }, body, now).ok).toBe(false);
    expect(
      verify([rotated], { id: 'm', timestamp: ts, signature: sign(secret, 'm', ts, body) }, body, now).ok,
    ).toBe(false);
  });
  it('matches the Standard Webhooks reference vector', () => {
    // From the standard-webhooks specification test suite.
    const refSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const payload = Buffer.from('{"test": 2432232314}');
    expect(sign(refSecret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', '1614265330', payload)).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });
});

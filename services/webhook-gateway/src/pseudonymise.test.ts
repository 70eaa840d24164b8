import { describe, expect, it } from 'vitest';
import { customerKey, maskFreeText, pseudonymise, toE164 } from './pseudonymise.ts';

describe('toE164', () => {
  it.each([
    ['138 0013 8000', '+8613800138000'],
    ['+86 138-0013-8000', '+8613800138000'],
    ['008613800138000', '+8613800138000'],
    ['010-12345678', '+861012345678'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('%s → %s', (raw, e164) => expect(toE164(raw)).toBe(e164));
  it('refuses what is not a phone number', () => expect(toE164('12345')).toBeUndefined());
});

describe('pseudonymise', () => {
  const secret = 'test-secret';
  it('replaces the customer by one key whatever the phone format, and drops the name', () => {
    const a = pseudonymise({ customer: { phone: '138 0013 8000', name: '张三' } }, secret);
    const b = pseudonymise({ customer: { phone: '+86 138-0013-8000' } }, secret);
    expect(a.customer).toEqual({ customerKey: customerKey(secret, '+8613800138000') });
    expect(b.customer).toEqual(a.customer);
    expect(JSON.stringify(a)).not.toContain('张三');
  });
  it('masks phone and ID numbers in free text', () => {
    const out = pseudonymise(
      { comment: '我的电话是13800138000,身份证号110101195001011234,座机010-12345678。' },
      secret,
    );
    expect(out.comment).toBe('我的电话是138****8000,身份证号110***********1234,座机010-****78。');
    expect(maskFreeText('请拨 +86 139 1234 5678')).toBe('请拨 139****5678');
  });
  it('keeps a key the branch already pseudonymised', () => {
    const key = 'ck_0123456789abcdef0123456789abcdef';
    expect(pseudonymise({ customer: { customerKey: key } }, secret).customer).toEqual({ customerKey: key });
  });
});

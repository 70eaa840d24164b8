import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  isPasswordHash,
  passwordChecker,
  verifyPassword,
  verifyPasswordAsync,
} from './index.ts';

describe('passwords', () => {
  it('hashes with a fresh salt and verifies only the right password', async () => {
    const a = hashPassword('s3cret');
    expect(isPasswordHash(a)).toBe(true);
    expect(a).not.toBe(hashPassword('s3cret'));
    expect(verifyPassword('s3cret', a)).toBe(true);
    expect(verifyPassword('S3cret', a)).toBe(false);
    expect(await verifyPasswordAsync('s3cret', a)).toBe(true);
    expect(await verifyPasswordAsync('nope', 'not-a-hash')).toBe(false);
  });

  it('refuses unknown names and, after 10 failures from one address, even the right password', async () => {
    const stored: Record<string, string> = { ana: hashPassword('right') };
    const checker = passwordChecker((name) => stored[name]);
    expect(await checker.check('ana', 'right', 'a')).toBe(true);
    expect(await checker.check('bob', 'right', 'a')).toBe(false);
    for (let i = 0; i < 10; i++) await checker.check('ana', 'wrong', 'b');
    expect(await checker.check('ana', 'right', 'b')).toBe(false);
    expect(await checker.check('ana', 'right', 'c')).toBe(true);
  });
});

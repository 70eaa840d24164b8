// Password hashing for every account servloop keeps (the analysts' SQL endpoint, the quality
// console): scrypt, stored as `scrypt$N$r$p$<salt base64>$<hash base64>` so the cost can rise later
// without invalidating old hashes. Checks run off the event loop (the services that verify
// passwords share their process with ingestion), an unknown name costs what a known one costs (no
// telling names apart by time), and an address with many failures in a minute is refused for the
// rest of that minute.
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const FAILURES_PER_MINUTE = 10;
const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  length: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** `scrypt$N$r$p$<salt base64>$<hash base64>` for a password. */
export function hashPassword(password: string, salt = randomBytes(16)): string {
  const hash = scryptSync(password, salt, KEY_LENGTH, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** True when the string has the shape hashPassword produces. */
export const isPasswordHash = (stored: string) => /^scrypt\$\d+\$\d+\$\d+\$[^$]+\$[^$]+$/.test(stored);

function parseHash(stored: string) {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return undefined;
  return {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    salt: Buffer.from(salt, 'base64'),
    hash: Buffer.from(hash, 'base64'),
  };
}
const maxmem = (h: { N: number; r: number }) => 256 * h.N * h.r + 1024 * 1024;

export function verifyPassword(password: string, stored: string): boolean {
  const h = parseHash(stored);
  if (!h) return false;
  const actual = scryptSync(password, h.salt, h.hash.length, { N: h.N, r: h.r, p: h.p, maxmem: maxmem(h) });
  return timingSafeEqual(actual, h.hash);
}

/** verifyPassword off the event loop (libuv's thread pool). */
export async function verifyPasswordAsync(password: string, stored: string): Promise<boolean> {
  const h = parseHash(stored);
  if (!h) return false;
  const actual = await scryptAsync(password, h.salt, h.hash.length, {
    N: h.N,
    r: h.r,
    p: h.p,
    maxmem: maxmem(h),
  });
  return timingSafeEqual(actual, h.hash);
}

export interface PasswordChecker {
  /**
   * True when `name` has a stored hash and `password` matches it (`from`: the client's address,
   * for the failure limit). An unknown name is checked against a decoy, so it costs the same.
   */
  check(name: string, password: string, from?: string): Promise<boolean>;
}

/** A checker over a lookup of stored hashes (name → hash, undefined for an unknown name). */
export function passwordChecker(lookup: (name: string) => string | undefined): PasswordChecker {
  const failures = new Map<string, { count: number; since: number }>();
  const decoy = hashPassword(randomBytes(12).toString('base64'));
  return {
    async check(name, password, from = '') {
      const failed = failures.get(from);
      if (failed && Date.now() - failed.since < 60_000 && failed.count >= FAILURES_PER_MINUTE) return false;
      const stored = lookup(name);
      const ok = (await verifyPasswordAsync(password, stored ?? decoy)) && stored !== undefined;
      if (ok) failures.delete(from);
      else {
        const current =
          failed && Date.now() - failed.since < 60_000 ? failed : { count: 0, since: Date.now() };
        failures.set(from, { count: current.count + 1, since: current.since });
      }
      return ok;
    },
  };
}

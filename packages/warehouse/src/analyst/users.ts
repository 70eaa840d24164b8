// Analyst accounts for the embedded endpoint: name → scrypt hash, configured like the branch
// secrets (SERVLOOP_ANALYST_USERS_FILE or SERVLOOP_ANALYST_USERS, JSON { "name": "scrypt$…" }).
// A verified name/password pair is remembered for a few minutes, so SQL tools that send one
// request per statement do not pay scrypt's cost each time; a wrong password always does.
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const REMEMBER_MS = 5 * 60_000;

/** `scrypt$N$r$p$<salt base64>$<hash base64>` for a password. */
export function hashPassword(password: string, salt = randomBytes(16)): string {
  const hash = scryptSync(password, salt, KEY_LENGTH, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 256 * Number(n) * Number(r) + 1024 * 1024,
  });
  return timingSafeEqual(actual, expected);
}

export interface AnalystUsers {
  /** True when the pair is a configured user with that password. */
  verify(user: string, password: string): boolean;
  readonly names: readonly string[];
}

export function analystUsers(hashes: Record<string, string>): AnalystUsers {
  for (const [name, hash] of Object.entries(hashes))
    if (!/^scrypt\$\d+\$\d+\$\d+\$[^$]+\$[^$]+$/.test(hash))
      throw new Error(
        `analyst user ${name}: expected a scrypt$N$r$p$salt$hash string (see docs/analysts.md)`,
      );
  const remembered = new Map<string, number>();
  const pairKey = (user: string, password: string) =>
    createHash('sha256').update(user).update('\0').update(password).digest('base64');
  return {
    names: Object.keys(hashes),
    verify(user, password) {
      const stored = Object.hasOwn(hashes, user) ? hashes[user] : undefined;
      if (!stored) return false;
      const key = pairKey(user, password);
      const until = remembered.get(key);
      if (until !== undefined && until > Date.now()) return true;
      if (!verifyPassword(password, stored)) return false;
      remembered.set(key, Date.now() + REMEMBER_MS);
      return true;
    },
  };
}

/** Users from SERVLOOP_ANALYST_USERS_FILE or SERVLOOP_ANALYST_USERS; an error when neither is set. */
export function analystUsersFromEnv(env: NodeJS.ProcessEnv = process.env): AnalystUsers {
  const file = env.SERVLOOP_ANALYST_USERS_FILE;
  const json = file ? readFileSync(file, 'utf8') : env.SERVLOOP_ANALYST_USERS;
  if (!json)
    throw new Error(
      'set SERVLOOP_ANALYST_USERS_FILE or SERVLOOP_ANALYST_USERS (JSON: user → scrypt hash; `pnpm analyst-user <name>` makes one)',
    );
  return analystUsers(JSON.parse(json) as Record<string, string>);
}

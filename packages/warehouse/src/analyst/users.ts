// Analyst accounts for the embedded endpoint: name → scrypt hash, configured like the branch
// secrets (SERVLOOP_ANALYST_USERS_FILE or SERVLOOP_ANALYST_USERS, JSON { "name": "scrypt$…" }).
// A verified name/password pair is remembered for a few minutes, so SQL tools that send one
// request per statement do not pay scrypt's cost each time; a wrong password always does, off the
// event loop (the endpoint shares its process with ingestion), an unknown name as much as a known
// one (no telling names apart by time), and an address with many failures waits a minute.
import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const REMEMBER_MS = 5 * 60_000;
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

async function verifyPasswordAsync(password: string, stored: string): Promise<boolean> {
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

export interface AnalystUsers {
  /** True when the pair is a configured user with that password (`from`: the client's address). */
  verify(user: string, password: string, from?: string): Promise<boolean>;
  readonly names: readonly string[];
}

export function analystUsers(hashes: Record<string, string>): AnalystUsers {
  for (const [name, hash] of Object.entries(hashes))
    if (!/^scrypt\$\d+\$\d+\$\d+\$[^$]+\$[^$]+$/.test(hash))
      throw new Error(
        `analyst user ${name}: expected a scrypt$N$r$p$salt$hash string (see docs/analysts.md)`,
      );
  const remembered = new Map<string, number>();
  const failures = new Map<string, { count: number; since: number }>();
  // Unknown names are checked against this, so they cost what a known name costs.
  const decoy = hashPassword(randomBytes(12).toString('base64'));
  const pairKey = (user: string, password: string) =>
    createHash('sha256').update(user).update('\0').update(password).digest('base64');
  return {
    names: Object.keys(hashes),
    async verify(user, password, from = '') {
      const key = pairKey(user, password);
      const until = remembered.get(key);
      if (until !== undefined && until > Date.now()) return true;
      const failed = failures.get(from);
      if (failed && Date.now() - failed.since < 60_000 && failed.count >= FAILURES_PER_MINUTE) return false;
      const stored = Object.hasOwn(hashes, user) ? hashes[user] : undefined;
      const ok = (await verifyPasswordAsync(password, stored ?? decoy)) && stored !== undefined;
      if (ok) {
        remembered.set(key, Date.now() + REMEMBER_MS);
        failures.delete(from);
      } else {
        const current =
          failed && Date.now() - failed.since < 60_000 ? failed : { count: 0, since: Date.now() };
        failures.set(from, { count: current.count + 1, since: current.since });
      }
      return ok;
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

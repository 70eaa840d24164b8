// Analyst accounts for the embedded endpoint: name → scrypt hash, configured like the branch
// secrets (SERVLOOP_ANALYST_USERS_FILE or SERVLOOP_ANALYST_USERS, JSON { "name": "scrypt$…" }).
// A verified name/password pair is remembered for a few minutes, so SQL tools that send one
// request per statement do not pay scrypt's cost each time; a wrong password always does, off the
// event loop (the endpoint shares its process with ingestion), an unknown name as much as a known
// one (no telling names apart by time), and an address with many failures waits a minute.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isPasswordHash, passwordChecker } from '@servloop/passwords';

export { hashPassword, verifyPassword } from '@servloop/passwords';

const REMEMBER_MS = 5 * 60_000;

export interface AnalystUsers {
  /** True when the pair is a configured user with that password (`from`: the client's address). */
  verify(user: string, password: string, from?: string): Promise<boolean>;
  readonly names: readonly string[];
}

export function analystUsers(hashes: Record<string, string>): AnalystUsers {
  for (const [name, hash] of Object.entries(hashes))
    if (!isPasswordHash(hash))
      throw new Error(
        `analyst user ${name}: expected a scrypt$N$r$p$salt$hash string (see docs/analysts.md)`,
      );
  const remembered = new Map<string, number>();
  const checker = passwordChecker((name) => (Object.hasOwn(hashes, name) ? hashes[name] : undefined));
  const pairKey = (user: string, password: string) =>
    createHash('sha256').update(user).update('\0').update(password).digest('base64');
  return {
    names: Object.keys(hashes),
    async verify(user, password, from = '') {
      const key = pairKey(user, password);
      const until = remembered.get(key);
      if (until !== undefined && until > Date.now()) return true;
      const ok = await checker.check(user, password, from);
      if (ok) remembered.set(key, Date.now() + REMEMBER_MS);
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

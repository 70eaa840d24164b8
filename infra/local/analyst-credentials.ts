// The demo's accounts: created on the first start under the run directory (a users file of
// scrypt hashes and the passwords, readable by this user only), reused after, so `pnpm sql`, saved
// tool connections and the console's sign-ins keep working across restarts. The analysts' SQL
// account lives in analysts/, the quality console's HQ, region and branch accounts in console/.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword } from '@servloop/passwords';
import { repoRoot } from './process.ts';

export interface AnalystCredentials {
  user: string;
  password: string;
  /** JSON { user: scrypt hash }, for SERVLOOP_ANALYST_USERS_FILE. */
  usersFile: string;
}

export const runDir = () => process.env.SERVLOOP_RUN_DIR ?? join(repoRoot, '.run', 'stack');

/**
 * The demo's passwords for `names` in `dir`, made up once (`<dir>/<name>.password`, mode 0600) and
 * read back after; `fresh` is true when any was made up now (the users file must then be written).
 */
function demoPasswords(dir: string, names: string[], usersFile: string) {
  const files = names.map((n) => join(dir, `${n}.password`));
  if (existsSync(usersFile) && files.every((f) => existsSync(f)))
    return { fresh: false, passwords: files.map((f) => readFileSync(f, 'utf8').trim()) };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const passwords = files.map((f) => {
    const password = randomBytes(12).toString('base64url');
    writeFileSync(f, `${password}\n`, { mode: 0o600 });
    return password;
  });
  return { fresh: true, passwords };
}

export function demoAnalyst(dir = join(runDir(), 'analysts')): AnalystCredentials {
  const usersFile = join(dir, 'users.json');
  const { fresh, passwords } = demoPasswords(dir, ['analyst'], usersFile);
  const password = passwords[0]!;
  if (fresh)
    writeFileSync(usersFile, `${JSON.stringify({ analyst: hashPassword(password) }, null, 2)}\n`, {
      mode: 0o600,
    });
  return { user: 'analyst', password, usersFile };
}

export interface ConsoleDemoAccount {
  username: string;
  role: 'hq' | 'region' | 'branch' | 'staff';
  region?: string;
  branchId?: string;
  staffId?: string;
  password: string;
}

/**
 * The demo's console sign-ins: HQ, the region of the branch whose efficiency degrades, that
 * branch's manager, and (when given) a colleague of the floor scenario, who sees only their own
 * scorecard. Users file for SERVLOOP_CONSOLE_USERS_FILE (role, scope, scrypt hash).
 */
export function demoConsoleAccounts(
  degrading: { branchId: string; region: string },
  dir = join(runDir(), 'console'),
  colleague?: { branchId: string; staffId: string },
): { accounts: ConsoleDemoAccount[]; usersFile: string } {
  const usersFile = join(dir, 'users.json');
  const shapes: Omit<ConsoleDemoAccount, 'password'>[] = [
    { username: 'quality-hq', role: 'hq' },
    { username: `region-${degrading.region.toLowerCase()}`, role: 'region', region: degrading.region },
    { username: `branch-${degrading.branchId.toLowerCase()}`, role: 'branch', branchId: degrading.branchId },
    ...(colleague
      ? [
          {
            username: `staff-${colleague.staffId.toLowerCase()}`,
            role: 'staff' as const,
            branchId: colleague.branchId,
            staffId: colleague.staffId,
          },
        ]
      : []),
  ];
  const { fresh, passwords } = demoPasswords(
    dir,
    shapes.map((s) => s.username),
    usersFile,
  );
  const accounts = shapes.map((s, i) => ({ ...s, password: passwords[i]! }));
  if (fresh) {
    const json = Object.fromEntries(
      accounts.map(({ username, password, ...scope }) => [
        username,
        { ...scope, hash: hashPassword(password) },
      ]),
    );
    writeFileSync(usersFile, `${JSON.stringify(json, null, 2)}\n`, { mode: 0o600 });
  }
  return { accounts, usersFile };
}

/** Who `pnpm sql` signs in as: SERVLOOP_QUERY_USER/PASSWORD, else the demo's analyst if there is one. */
export function sqlCredentials(): { user: string; password: string } | undefined {
  if (process.env.SERVLOOP_QUERY_USER)
    return { user: process.env.SERVLOOP_QUERY_USER, password: process.env.SERVLOOP_QUERY_PASSWORD ?? '' };
  const passwordFile = join(runDir(), 'analysts', 'analyst.password');
  return existsSync(passwordFile)
    ? { user: 'analyst', password: readFileSync(passwordFile, 'utf8').trim() }
    : undefined;
}

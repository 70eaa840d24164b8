// The demo's analyst account: created on the first start under the run directory (a users file of
// scrypt hashes, read like SERVLOOP_ANALYST_USERS_FILE, and the password, readable by this user
// only), reused after, so `pnpm sql` and saved tool connections keep working across restarts.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword } from '@servloop/warehouse';
import { repoRoot } from './process.ts';

export interface AnalystCredentials {
  user: string;
  password: string;
  /** JSON { user: scrypt hash }, for SERVLOOP_ANALYST_USERS_FILE. */
  usersFile: string;
}

export const runDir = () => process.env.SERVLOOP_RUN_DIR ?? join(repoRoot, '.run', 'stack');

export function demoAnalyst(dir = join(runDir(), 'analysts')): AnalystCredentials {
  const usersFile = join(dir, 'users.json');
  const passwordFile = join(dir, 'analyst.password');
  if (existsSync(usersFile) && existsSync(passwordFile))
    return { user: 'analyst', password: readFileSync(passwordFile, 'utf8').trim(), usersFile };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const password = randomBytes(12).toString('base64url');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  writeFileSync(usersFile, `${JSON.stringify({ analyst: hashPassword(password) }, null, 2)}\n`, {
    mode: 0o600,
  });
  return { user: 'analyst', password, usersFile };
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

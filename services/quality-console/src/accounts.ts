// Console accounts: who may sign in and what they may see. Local accounts keep a scrypt hash
// (@servloop/passwords, the same hashing as the analysts' accounts); accounts from an OpenID
// Connect provider arrive as verified claims and have no password here.
import { readFileSync, writeFileSync } from 'node:fs';
import { hashPassword, isPasswordHash, passwordChecker } from '@servloop/passwords';
import { ID } from './db.ts';

export type Role = 'hq' | 'region' | 'branch' | 'staff';
export const ROLES: readonly Role[] = ['hq', 'region', 'branch', 'staff'];

/**
 * Who someone is in the console; `region` for a region account, `branchId` for a branch account,
 * `branchId` and `staffId` (the pseudonym branch systems send on visits) for a staff account, who
 * sees only their own scorecard (/me).
 */
export interface Account {
  username: string;
  role: Role;
  region?: string;
  branchId?: string;
  staffId?: string;
  /** Where the account comes from: 'local' (password here) or an OIDC provider's id. */
  via: string;
}

export interface StoredAccount extends Omit<Account, 'username' | 'via'> {
  /** scrypt$… (hashPassword). */
  hash: string;
}

export interface AccountStore {
  find(username: string): Account | undefined;
  /** The account when the password is right; undefined otherwise (same time for unknown names). */
  verify(username: string, password: string, from?: string): Promise<Account | undefined>;
  /** Adds or replaces a local account (tests, the demo). */
  add(account: Omit<Account, 'via'>, password: string): Account;
  list(): Account[];
}

const USERNAME = /^[A-Za-z0-9._-]{1,64}$/;

/** Why an account's description is unusable, or undefined when it is fine. */
export function accountProblem(a: Partial<Account>): string | undefined {
  if (!a.username || !USERNAME.test(a.username)) return 'username: 1–64 of A–Z a–z 0–9 . _ -';
  if (!a.role || !ROLES.includes(a.role)) return `role: one of ${ROLES.join(', ')}`;
  if (a.role === 'region' && !a.region) return 'region: required for a region account';
  if (a.role === 'branch' && !a.branchId) return 'branchId: required for a branch account';
  if (a.role === 'staff' && !(a.branchId && ID.test(a.branchId)))
    return 'branchId: required for a staff account';
  if (a.role === 'staff' && !(a.staffId && ID.test(a.staffId)))
    return 'staffId: required for a staff account (the pseudonym on their visits)';
  return undefined;
}

export function accountStore(initial: Record<string, StoredAccount> = {}): AccountStore {
  const accounts = new Map<string, StoredAccount>();
  const put = (username: string, stored: StoredAccount) => {
    const problem = accountProblem({ username, ...stored });
    if (problem) throw new Error(`console account ${username}: ${problem}`);
    if (!isPasswordHash(stored.hash)) throw new Error(`console account ${username}: hash must be scrypt$…`);
    accounts.set(username, stored);
  };
  for (const [username, stored] of Object.entries(initial)) put(username, stored);
  const checker = passwordChecker((name) => accounts.get(name)?.hash);
  const toAccount = (username: string, s: StoredAccount): Account => ({
    username,
    role: s.role,
    ...(s.region ? { region: s.region } : {}),
    ...(s.branchId ? { branchId: s.branchId } : {}),
    ...(s.staffId ? { staffId: s.staffId } : {}),
    via: 'local',
  });
  return {
    find(username) {
      const s = accounts.get(username);
      return s && toAccount(username, s);
    },
    async verify(username, password, from) {
      if (!(await checker.check(username, password, from))) return undefined;
      return this.find(username);
    },
    add(account, password) {
      const { username, ...rest } = account;
      put(username, { ...rest, hash: hashPassword(password) });
      return this.find(username)!;
    },
    list: () => [...accounts.entries()].map(([u, s]) => toAccount(u, s)),
  };
}

/** Accounts from SERVLOOP_CONSOLE_USERS_FILE (JSON { username: { role, region?, branchId?, staffId?, hash } }). */
export function accountStoreFromFile(path: string): AccountStore {
  return accountStore(JSON.parse(readFileSync(path, 'utf8')) as Record<string, StoredAccount>);
}

/** Writes accounts with passwords to a users file (mode 0600); `pnpm console-user` prints one entry. */
export function writeAccountsFile(
  path: string,
  entries: { account: Omit<Account, 'via'>; password: string }[],
) {
  const json: Record<string, StoredAccount> = {};
  for (const { account, password } of entries) {
    const { username, ...rest } = account;
    const problem = accountProblem(account);
    if (problem) throw new Error(`console account ${username}: ${problem}`);
    json[username] = { ...rest, hash: hashPassword(password) };
  }
  writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`, { mode: 0o600 });
}

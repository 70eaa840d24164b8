// pnpm console-user <name> hq|region|branch|staff [region or branch id] [staff pseudonym] [password]:
// prints a users-file entry for the quality console (SERVLOOP_CONSOLE_USERS_FILE), and the password
// when it made one up. A staff account names its branch and the pseudonym on its visits.
import { randomBytes } from 'node:crypto';
import { hashPassword } from '@servloop/passwords';
import { accountProblem, type Role } from '@servloop/quality-console';

const [username, role, ...rest] = process.argv.slice(2);
const scoped = role === 'hq' ? 0 : role === 'staff' ? 2 : 1;
const [scope, staffId] = rest;
const given = rest[scoped];
const account = {
  username,
  role: role as Role,
  ...(role === 'region' ? { region: scope } : {}),
  ...(role === 'branch' || role === 'staff' ? { branchId: scope } : {}),
  ...(role === 'staff' ? { staffId } : {}),
};
const problem = accountProblem(account);
if (problem) {
  console.error(
    `usage: pnpm console-user <name> hq|region|branch|staff [region or branch id] [staff pseudonym] [password]\n${problem}`,
  );
  process.exit(2);
}
const password = given ?? randomBytes(12).toString('base64url');
const { username: _, ...stored } = account;
console.log(JSON.stringify({ [username!]: { ...stored, hash: hashPassword(password) } }));
if (!given) console.error(`password for ${username}: ${password}`);

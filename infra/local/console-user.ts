// pnpm console-user <name> hq|region|branch [region or branch id] [password]: prints a users-file
// entry for the quality console (SERVLOOP_CONSOLE_USERS_FILE), and the password when it made one up.
import { randomBytes } from 'node:crypto';
import { hashPassword } from '@servloop/passwords';
import { accountProblem, type Role } from '@servloop/quality-console';

const [username, role, scope, given] = process.argv.slice(2);
const account = {
  username,
  role: role as Role,
  ...(role === 'region' ? { region: scope } : {}),
  ...(role === 'branch' ? { branchId: scope } : {}),
};
const problem = accountProblem(account);
if (problem) {
  console.error(
    `usage: pnpm console-user <name> hq|region|branch [region or branch id] [password]\n${problem}`,
  );
  process.exit(2);
}
const password = (role === 'hq' ? scope : given) ?? randomBytes(12).toString('base64url');
const { username: _, ...stored } = account;
console.log(JSON.stringify({ [username!]: { ...stored, hash: hashPassword(password) } }));
if (!(role === 'hq' ? scope : given)) console.error(`password for ${username}: ${password}`);

// pnpm analyst-user <name> [password]: prints a users-file entry (scrypt hash) for the analysts'
// endpoint, and the password when it made one up. Add the entry to SERVLOOP_ANALYST_USERS_FILE.
import { randomBytes } from 'node:crypto';
import { hashPassword } from '@servloop/warehouse';

const [name, given] = process.argv.slice(2);
if (!name || !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) {
  console.error('usage: pnpm analyst-user <name> [password]   (name: letters, digits, _ . -)');
  process.exit(2);
}
const password = given ?? randomBytes(12).toString('base64url');
console.log(JSON.stringify({ [name]: hashPassword(password) }));
if (!given) console.error(`password for ${name}: ${password}`);

// A private maildev for tests that stop and start the SMTP server; mail persists across restarts.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, Mailbox, waitUntil } from '@servloop/test-harness';
import { repoRoot } from './paths.ts';

export async function startSmtpSink() {
  const dir = mkdtempSync(join(tmpdir(), 'servloop-mail-'));
  const smtpPort = await freePort();
  const webPort = await freePort();
  let child: ChildProcess | undefined;
  const up = async () => {
    child = spawn(
      join(repoRoot, 'infra/local/node_modules/.bin/maildev'),
      [
        '--smtp',
        String(smtpPort),
        '--web',
        String(webPort),
        '--ip',
        '127.0.0.1',
        '--web-ip',
        '127.0.0.1',
        '--mail-directory',
        dir,
      ],
      {
        stdio: 'ignore',
      },
    );
    const box = new Mailbox(`http://127.0.0.1:${webPort}`);
    await waitUntil(
      async () =>
        (await box
          .list()
          .then(() => true)
          .catch(() => false))
          ? true
          : undefined,
      20_000,
      () => 'maildev did not start',
    );
  };
  const down = async () => {
    if (!child) return;
    const c = child;
    child = undefined;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  await up();
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    mailbox: new Mailbox(`http://127.0.0.1:${webPort}`),
    up,
    down,
  };
}

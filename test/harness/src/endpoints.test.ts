import { describe, expect, it } from 'vitest';
import { parseEnvFile } from './endpoints.ts';
import { Mailbox } from './mailbox.ts';
import { freePort } from './wait.ts';

describe('harness', () => {
  it('parses stack.env lines and ignores the rest', () => {
    expect(parseEnvFile('KAFKA_BROKERS=127.0.0.1:1\n# note\nREDIS_URL=redis://x:1\nbad line')).toEqual({
      KAFKA_BROKERS: '127.0.0.1:1',
      REDIS_URL: 'redis://x:1',
    });
  });

  it('a mail sink that is not there is an error, not an empty mailbox', async () => {
    const box = new Mailbox(`http://127.0.0.1:${await freePort()}`);
    await expect(box.list()).rejects.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { createLogger } from './index.ts';

describe('createLogger', () => {
  it('writes JSON lines with the level as a word, and hides debug below the level', async () => {
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      lines.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      const log = createLogger('probe', 'info');
      log.debug('hidden');
      log.warn('shown', { partition: 2 });
      log.child({ component: 'x' }).info('child');
    } finally {
      process.stdout.write = write;
    }
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.map((p) => [p.level, p.msg])).toEqual([
      ['warn', 'shown'],
      ['info', 'child'],
    ]);
    expect(parsed[0]).toMatchObject({ name: 'probe', partition: 2 });
    expect(parsed[1]).toMatchObject({ component: 'x' });
  });
});

// The Redis-backed store behind the console's sessions, on the real local Redis.
import { setTimeout as sleep } from 'node:timers/promises';
import { isolate, resolveEndpoints } from '@servloop/test-harness';
import { afterAll, describe, expect, it } from 'vitest';
import { redisConnection, redisExpiringStore } from './index.ts';

const endpoints = await resolveEndpoints();
const prefix = `${isolate(endpoints, 'expiring').queuePrefix}:kv:`;
const first = redisConnection(endpoints.REDIS_URL);
const second = redisConnection(endpoints.REDIS_URL);

afterAll(() => {
  first.disconnect();
  second.disconnect();
});

describe('redisExpiringStore', () => {
  it('a value written by one connection is read by another (a second process), until deleted', async () => {
    const a = redisExpiringStore(first, prefix);
    const b = redisExpiringStore(second, prefix);
    await a.set('s1', '{"x":1}', 60_000);
    expect(await b.get('s1')).toBe('{"x":1}');
    expect(await first.pttl(`${prefix}s1`)).toBeGreaterThan(50_000);
    await b.delete('s1');
    expect(await a.get('s1')).toBeUndefined();
    expect(await a.get('never-set')).toBeUndefined();
  });

  it('forgets a value at its time to live, and a new write sets a new one', async () => {
    const a = redisExpiringStore(first, prefix);
    await a.set('s2', 'v', 150);
    expect(await a.get('s2')).toBe('v');
    await sleep(400);
    expect(await a.get('s2')).toBeUndefined();
    await a.set('s2', 'w', 60_000);
    expect(await a.get('s2')).toBe('w');
    await a.delete('s2');
  });
});

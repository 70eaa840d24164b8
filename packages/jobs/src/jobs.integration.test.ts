import { isolate, resolveEndpoints } from '@servloop/test-harness';
import { QueueEvents } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { createQueue, createWorker, redisConnection } from './index.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'jobs');
const connection = redisConnection(endpoints.REDIS_URL);
const queue = createQueue<{ a: number; b: number }>('rollup', connection, { prefix: iso.queuePrefix });
const events = new QueueEvents('rollup', {
  connection: redisConnection(endpoints.REDIS_URL),
  prefix: iso.queuePrefix,
});
const worker = createWorker<{ a: number; b: number }, number>(
  'rollup',
  async (job) => job.data.a + job.data.b,
  redisConnection(endpoints.REDIS_URL),
  {
    prefix: iso.queuePrefix,
  },
);

afterAll(async () => {
  await worker.close();
  await events.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
});

describe('BullMQ on Redis', () => {
  it('round-trips a job through a worker and returns its result', async () => {
    await events.waitUntilReady();
    const job = await queue.add('sum', { a: 2, b: 40 });
    expect(await job.waitUntilFinished(events, 20_000)).toBe(42);
  });

  it('the same job id twice makes one job', async () => {
    const a = await queue.add('sum', { a: 1, b: 1 }, { jobId: 'branch-7|2026-03-01' });
    const b = await queue.add('sum', { a: 1, b: 1 }, { jobId: 'branch-7|2026-03-01' });
    expect(b.id).toBe(a.id);
    await a.waitUntilFinished(events, 20_000);
    const done = await queue.getJobs(['completed']);
    expect(done.filter((j) => j.id === 'branch-7|2026-03-01')).toHaveLength(1);
  });
});

describe('seen store (webhook idempotency)', () => {
  it('answers a key as seen right after mark, before and after the batched write reaches Redis', async () => {
    const { createSeenStore } = await import('./seen.ts');
    const seen = createSeenStore(connection, `${iso.queuePrefix}:seen:`, 60, 20);
    expect(await seen.hasMany(['a', 'b'])).toEqual([false, false]);
    const written = seen.mark(['a']);
    void seen.mark(['c']);
    expect(await seen.hasMany(['a'])).toEqual([true]); // pending, not yet in Redis
    expect(await seen.hasMany(['a', 'b', 'c'])).toEqual([true, false, true]);
    await written; // both marks went in the same script call
    expect(await connection.exists(`${iso.queuePrefix}:seen:a`, `${iso.queuePrefix}:seen:c`)).toBe(2);
    expect(await connection.ttl(`${iso.queuePrefix}:seen:a`)).toBeGreaterThan(50);
    expect(
      await createSeenStore(connection, `${iso.queuePrefix}:seen:`, 60).hasMany(['a', 'b', 'c']),
    ).toEqual([true, false, true]);
  });
});

import {
  type Job,
  type JobsOptions,
  Queue,
  QueueEvents,
  type QueueOptions,
  UnrecoverableError,
  Worker,
  type WorkerOptions,
} from 'bullmq';
import { Redis } from 'ioredis';

/**
 * One Redis connection definition shared by queues and workers. `failFast`: for a caller that
 * holds an HTTP response (the gateway's idempotency check): while Redis is unreachable, commands
 * fail after one reconnection attempt (or 2 s without an answer) instead of queueing until it
 * returns, so the client gets a 503 and retries.
 */
export function redisConnection(url: string, { failFast = false } = {}): Redis {
  // BullMQ workers block on Redis; they need maxRetriesPerRequest = null. A fail-fast caller
  // batches its own commands, and auto-pipelining would hold each one back a loop turn
  // (setImmediate) on the way to a response.
  return new Redis(url, {
    maxRetriesPerRequest: failFast ? 1 : null,
    ...(failFast ? { commandTimeout: 2000 } : {}),
    enableReadyCheck: true,
    lazyConnect: false,
    enableAutoPipelining: !failFast,
  });
}

export function createQueue<T = unknown>(
  name: string,
  connection: Redis,
  options: Partial<QueueOptions> = {},
) {
  return new Queue<T>(name, { connection, ...options });
}

export function createWorker<T = unknown, R = unknown>(
  name: string,
  handler: (job: Job<T, R>) => Promise<R>,
  connection: Redis,
  options: Partial<WorkerOptions> = {},
) {
  return new Worker<T, R>(name, handler, { connection, ...options });
}

export type { Job, JobsOptions };
export { Queue, QueueEvents, UnrecoverableError, Worker };
export { Redis };
export { type ExpiringStore, redisExpiringStore } from './expiring.ts';
export { createSeenStore, type SeenStore } from './seen.ts';

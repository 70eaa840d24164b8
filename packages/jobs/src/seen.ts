import type { Redis } from 'ioredis';

/** Remembers keys for a while (idempotency): `has` before doing work, `mark` once it is durable. */
export interface SeenStore {
  has(key: string): Promise<boolean>;
  hasMany(keys: string[]): Promise<boolean[]>;
  /** Resolves once the keys are stored; calls within `flushMs` share one Redis round trip. */
  mark(keys: string[]): Promise<void>;
}

export function createSeenStore(redis: Redis, prefix: string, ttlSeconds: number, flushMs = 2): SeenStore {
  let pending: string[] = [];
  let flushing: Promise<void> | undefined;
  return {
    async has(key) {
      if (pending.includes(key)) return true; // marked here, not yet flushed
      return (await redis.exists(prefix + key)) === 1;
    },
    async hasMany(keys) {
      if (keys.length === 0) return [];
      if (pending.length > 0) {
        const local = new Set(pending);
        const remote = await this.hasMany(keys.filter((k) => !local.has(k)));
        let i = 0;
        return keys.map((k) => local.has(k) || remote[i++]!);
      }
      const pipeline = redis.pipeline();
      for (const k of keys) pipeline.exists(prefix + k);
      const results = (await pipeline.exec()) ?? [];
      return results.map(([err, n]) => {
        if (err) throw err;
        return n === 1;
      });
    },
    mark(keys) {
      for (const k of keys) pending.push(k);
      // One SET pipeline per few milliseconds for all concurrent requests, not one per request.
      flushing ??= new Promise<void>((resolve, reject) => {
        setTimeout(() => {
          const batch = pending;
          pending = [];
          flushing = undefined;
          const pipeline = redis.pipeline();
          for (const k of batch) pipeline.set(prefix + k, '1', 'EX', ttlSeconds);
          pipeline.exec().then((results) => {
            const failed = (results ?? []).find(([err]) => err);
            return failed ? reject(failed[0]) : resolve();
          }, reject);
        }, flushMs);
      });
      return flushing;
    },
  };
}

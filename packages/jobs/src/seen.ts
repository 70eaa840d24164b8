import type { Redis } from 'ioredis';

/** Remembers keys for a while (idempotency): `has` before doing work, `mark` once it is durable. */
export interface SeenStore {
  has(key: string): Promise<boolean>;
  hasMany(keys: string[]): Promise<boolean[]>;
  mark(keys: string[]): Promise<void>;
}

export function createSeenStore(redis: Redis, prefix: string, ttlSeconds: number): SeenStore {
  return {
    async has(key) {
      return (await redis.exists(prefix + key)) === 1;
    },
    async hasMany(keys) {
      if (keys.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const k of keys) pipeline.exists(prefix + k);
      const results = (await pipeline.exec()) ?? [];
      return results.map(([err, n]) => {
        if (err) throw err;
        return n === 1;
      });
    },
    async mark(keys) {
      if (keys.length === 0) return;
      const pipeline = redis.pipeline();
      for (const k of keys) pipeline.set(prefix + k, '1', 'EX', ttlSeconds);
      for (const [err] of (await pipeline.exec()) ?? []) if (err) throw err;
    },
  };
}

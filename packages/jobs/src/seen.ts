import type { Redis } from 'ioredis';

/** Remembers keys for a while (idempotency): `has` before doing work, `mark` once it is durable. */
export interface SeenStore {
  has(key: string): Promise<boolean>;
  hasMany(keys: string[]): Promise<boolean[]>;
  /** Resolves once the keys are stored; calls within `flushMs` share one Redis round trip. */
  mark(keys: string[]): Promise<void>;
}

export function createSeenStore(redis: Redis, prefix: string, ttlSeconds: number, flushMs = 2): SeenStore {
  // Marked here but not yet flushed to Redis: answered locally so a quick retry is still a duplicate.
  const pending = new Set<string>();
  let flushing: Promise<void> | undefined;

  async function existsInRedis(keys: string[]): Promise<boolean[]> {
    if (keys.length === 0) return [];
    const pipeline = redis.pipeline();
    for (const k of keys) pipeline.exists(prefix + k);
    const results = (await pipeline.exec()) ?? [];
    return results.map(([err, n]) => {
      if (err) throw err;
      return n === 1;
    });
  }

  function flush(): Promise<void> {
    const batch = [...pending];
    const pipeline = redis.pipeline();
    for (const k of batch) pipeline.set(prefix + k, '1', 'EX', ttlSeconds);
    return pipeline.exec().then((results) => {
      for (const k of batch) pending.delete(k);
      const failed = (results ?? []).find(([err]) => err);
      if (failed) throw failed[0];
    });
  }

  return {
    async has(key) {
      return (await this.hasMany([key]))[0]!;
    },
    async hasMany(keys) {
      const remote = await existsInRedis(keys.filter((k) => !pending.has(k)));
      let i = 0;
      return keys.map((k) => pending.has(k) || remote[i++]!);
    },
    mark(keys) {
      for (const k of keys) pending.add(k);
      // One SET pipeline per few milliseconds for all concurrent requests, not one per request.
      flushing ??= new Promise<void>((resolve) => setTimeout(resolve, flushMs)).then(() => {
        flushing = undefined;
        return flush();
      });
      return flushing;
    },
  };
}

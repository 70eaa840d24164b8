import type { Redis } from 'ioredis';

/** Values that vanish after their time to live, shared by every process on the same Redis. */
export interface ExpiringStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/** An ExpiringStore on Redis (SET … PX): the console's sessions and pending sign-ins. */
export function redisExpiringStore(redis: Redis, prefix: string): ExpiringStore {
  return {
    async get(key) {
      return (await redis.get(prefix + key)) ?? undefined;
    },
    async set(key, value, ttlMs) {
      await redis.set(prefix + key, value, 'PX', Math.max(1, Math.ceil(ttlMs)));
    },
    async delete(key) {
      await redis.del(prefix + key);
    },
  };
}

import type { Redis } from 'ioredis';

/** Remembers keys for a while (idempotency): `hasMany` before doing work, `mark` once it is durable. */
export interface SeenStore {
  hasMany(keys: string[]): Promise<boolean[]>;
  /** Resolves once the keys are stored; calls within `markMs` share one Redis command. */
  mark(keys: string[]): Promise<void>;
}

// SET … EX for every key in one command. Single-instance Redis only: on a Redis Cluster the keys
// of one call would have to share a hash slot.
const MARK_SCRIPT = `for i = 1, #KEYS do redis.call('SET', KEYS[i], '1', 'EX', ARGV[1]) end return #KEYS`;

export function createSeenStore(
  redis: Redis,
  prefix: string,
  ttlSeconds: number,
  /** Marks gather this long (nobody waits on them: marked keys are answered locally meanwhile). */
  markMs = 10,
): SeenStore {
  // Marked here but not yet written to Redis: answered locally so a quick retry is still a duplicate.
  const pending = new Set<string>();
  let flushing: Promise<void> | undefined;

  // Callers pass batches (the gateway's intake: all requests of one event-loop turn), so a lookup
  // is sent at once, one MGET: it is on the path of every response.
  async function existsInRedis(keys: string[]): Promise<boolean[]> {
    if (keys.length === 0) return [];
    const values = await redis.mget(keys.map((k) => prefix + k));
    return values.map((v) => v !== null);
  }

  async function flush(): Promise<void> {
    const batch = [...pending];
    try {
      await redis.eval(MARK_SCRIPT, batch.length, ...batch.map((k) => prefix + k), ttlSeconds);
    } finally {
      for (const k of batch) pending.delete(k);
    }
  }

  return {
    async hasMany(keys) {
      // Decide local vs Redis once: a flush may empty `pending` while the lookup is in flight.
      const local = keys.map((k) => pending.has(k));
      const remote = await existsInRedis(keys.filter((_, i) => !local[i]));
      let r = 0;
      return keys.map((_, i) => local[i] || remote[r++]!);
    },
    mark(keys) {
      for (const k of keys) pending.add(k);
      flushing ??= new Promise<void>((resolve) => setTimeout(resolve, markMs)).then(() => {
        flushing = undefined;
        return flush();
      });
      return flushing;
    },
  };
}

import type { Redis } from 'ioredis';

/** Remembers keys for a while (idempotency): `has` before doing work, `mark` once it is durable. */
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

  // Every request checks its id. Concurrent checks become one MGET and concurrent marks one script
  // call: per-request commands (Command objects, promises, socket writes) were ~10 % of the
  // gateway's CPU in bench/gateway.bench.ts.
  let lookups: { keys: string[]; resolve: (v: boolean[]) => void; reject: (e: unknown) => void }[] = [];
  function existsInRedis(keys: string[]): Promise<boolean[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      // A response waits on this: gather only the lookups of this event-loop turn.
      if (lookups.length === 0) setImmediate(lookupNow);
      lookups.push({ keys, resolve, reject });
    });
  }
  function lookupNow() {
    const batch = lookups;
    lookups = [];
    const keys: string[] = [];
    for (const l of batch) for (const k of l.keys) keys.push(prefix + k);
    redis.mget(keys).then(
      (values) => {
        let i = 0;
        for (const l of batch) {
          l.resolve(l.keys.map(() => values[i++] !== null));
        }
      },
      (err) => {
        for (const l of batch) l.reject(err);
      },
    );
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

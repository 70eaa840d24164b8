import type { Message, Producer } from 'kafkajs';

export interface Publisher {
  /** Resolves once the broker acknowledged every message (acks = all); rejects otherwise. */
  publish(messages: Message[]): Promise<void>;
}

/**
 * Adaptive batching over a pool of producers, one produce request in flight on each: while a
 * producer is free, messages go out at once (within the current tick); while all are busy,
 * concurrent callers' messages gather and leave together when one completes. Low load pays no
 * linger; high load makes few large requests. Each caller's promise settles with the request its
 * messages were in. (A fixed 2 ms linger measured lower throughput at 64 connections, 5 ms lower
 * still.)
 *
 * Why a pool: kafkajs serialises an idempotent producer's requests to a broker (one in flight), so
 * one producer caps throughput at batch size / broker round trip. Several idempotent producers keep
 * the no-duplicates-on-retry guarantee each; order holds within each producer, and messages sent
 * concurrently by different HTTP requests have no order between them to keep.
 */
export function createBatchingPublisher(
  producers: Producer | Producer[],
  topic: string,
  { maxBatch = 2000, timeoutMs = 5000 } = {},
): Publisher {
  const free = Array.isArray(producers) ? [...producers] : [producers];
  const pending: { messages: Message[]; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    while (pending.length > 0 && free.length > 0) {
      const batch: typeof pending = [];
      let count = 0;
      while (pending.length > 0 && (count === 0 || count + pending[0]!.messages.length <= maxBatch)) {
        const next = pending.shift()!;
        batch.push(next);
        count += next.messages.length;
      }
      const producer = free.pop()!;
      producer
        .send({ topic, acks: -1, timeout: timeoutMs, messages: batch.flatMap((b) => b.messages) })
        .then(
          () => {
            for (const b of batch) b.resolve();
          },
          (err) => {
            for (const b of batch) b.reject(err);
          },
        )
        .finally(() => {
          free.push(producer);
          schedule();
        });
    }
  };
  const schedule = () => {
    if (scheduled || pending.length === 0) return;
    scheduled = true;
    setImmediate(flush); // after this tick's other callers have added theirs
  };

  return {
    publish(messages) {
      return new Promise<void>((resolve, reject) => {
        pending.push({ messages, resolve, reject });
        schedule();
      });
    },
  };
}

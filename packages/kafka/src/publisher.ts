import type { Message, Producer } from 'kafkajs';

export interface Publisher {
  /** Resolves once the broker acknowledged every message (acks = all); rejects otherwise. */
  publish(messages: Message[]): Promise<void>;
}

/**
 * Adaptive batching: while fewer than `maxInFlight` produce requests are outstanding, messages go
 * out at once (within the current tick); while the broker is busy, concurrent callers' messages
 * gather and leave together when a request completes. Low load pays no linger; high load makes
 * few large requests. Each caller's promise settles with the request its messages were in.
 * (A fixed 2 ms linger measured lower throughput at 64 connections, 5 ms lower still.)
 */
export function createBatchingPublisher(
  producer: Producer,
  topic: string,
  { maxInFlight = 2, maxBatch = 2000, timeoutMs = 5000 } = {},
): Publisher {
  const pending: { messages: Message[]; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let scheduled = false;
  let inFlight = 0;

  const flush = () => {
    scheduled = false;
    while (pending.length > 0 && inFlight < maxInFlight) {
      const batch: typeof pending = [];
      let count = 0;
      while (pending.length > 0 && (count === 0 || count + pending[0]!.messages.length <= maxBatch)) {
        const next = pending.shift()!;
        batch.push(next);
        count += next.messages.length;
      }
      inFlight++;
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
          inFlight--;
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

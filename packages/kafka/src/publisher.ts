import type { Message, Producer } from 'kafkajs';

export interface Publisher {
  /** Resolves once the broker acknowledged every message (acks = all); rejects otherwise. */
  publish(messages: Message[]): Promise<void>;
}

/**
 * Collects messages from concurrent callers for up to `lingerMs` (or `maxBatch` messages) and
 * sends them in one produce request, so a busy gateway makes a few large requests instead of one
 * per webhook. Each caller's promise settles with the fate of the request its messages were in.
 */
export function createBatchingPublisher(
  producer: Producer,
  topic: string,
  { lingerMs = 2, maxBatch = 1000, timeoutMs = 5000 } = {},
): Publisher {
  let pending: { messages: Message[]; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let count = 0;
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = [];
    count = 0;
    if (batch.length === 0) return;
    producer.send({ topic, acks: -1, timeout: timeoutMs, messages: batch.flatMap((b) => b.messages) }).then(
      () => {
        for (const b of batch) b.resolve();
      },
      (err) => {
        for (const b of batch) b.reject(err);
      },
    );
  };

  return {
    publish(messages) {
      return new Promise<void>((resolve, reject) => {
        pending.push({ messages, resolve, reject });
        count += messages.length;
        if (count >= maxBatch) flush();
        else timer ??= setTimeout(flush, lingerMs);
      });
    },
  };
}

// The gateway's intake: pseudonymise into an envelope, duplicate check (Redis), produce (Kafka,
// acks = all) and mark. It runs on the request thread: with kafkajs's encoding patched
// (patches/kafkajs@2.2.4.patch) an intake worker thread cost more than it saved on 2 cores: two
// postMessage hops (~1.5 ms of a 5 ms response at 64 connections), the request text serialised
// and parsed again, 84 vs 75 µs of CPU per event (bench/gateway.bench.ts).
import { eventRecord } from '@servloop/contracts';
import { createSeenStore, redisConnection } from '@servloop/jobs';
import { createKafka, createReliablePublisher, type Message } from '@servloop/kafka';
import { type IntakeEvent, toEnvelope } from './envelope.ts';

export type Outcome = 'accepted' | 'duplicate';

export interface Intake {
  /**
   * Resolves once every new event is acknowledged by the broker: 'accepted', or 'duplicate' when
   * its id was accepted before (within the TTL, or concurrently). Rejects if it could not be
   * published; the caller then answers 503 and the client retries.
   */
  submit(events: IntakeEvent[]): Promise<Outcome[]>;
  /** Disconnects the producers and Redis. */
  stop(): Promise<void>;
}

export interface IntakeOptions {
  brokers: string[];
  clientId: string;
  topic: string;
  redisUrl: string;
  /** HMAC key for customer keys (see pseudonymise.ts). */
  pseudonymSecret: string;
  seenPrefix: string;
  seenTtlSeconds: number;
}

type Caller = { events: IntakeEvent[]; resolve: (o: Outcome[]) => void; reject: (e: unknown) => void };

/** Connects the producers; rejects (with the broker addresses) when Kafka cannot be reached. */
export async function startIntake(options: IntakeOptions): Promise<Intake> {
  const kafka = createKafka({ brokers: options.brokers, clientId: options.clientId });
  // Three idempotent producers: three produce requests in flight (see createBatchingPublisher).
  const publisher = await createReliablePublisher(kafka, options.topic, {
    poolSize: 3,
    brokers: options.brokers,
  });
  const redis = redisConnection(options.redisUrl, { failFast: true });
  // While Redis is away every request is answered 503; say so once a minute, not per reconnect.
  let redisComplainedAt = 0;
  redis.on('error', (err: Error) => {
    if (Date.now() - redisComplainedAt < 60_000) return;
    redisComplainedAt = Date.now();
    console.error(`webhook-gateway: Redis ${options.redisUrl} unreachable (${err.message}); answering 503`);
  });
  const seen = createSeenStore(redis, options.seenPrefix, options.seenTtlSeconds);

  // Ids being published now, until their mark reached Redis: a concurrent request with the same id
  // (a client retrying before its first attempt was answered) waits for the first and is a duplicate
  // if that succeeded, instead of producing the event twice.
  const inFlight = new Map<string, Promise<void>>();

  async function submitAll(events: IntakeEvent[]): Promise<Outcome[]> {
    const ids = events.map((e) => e.id);
    const lookup = seen.hasMany(ids);
    // Built while Redis answers (only fresh ones are sent).
    const messages: Message[] = events.map((event) =>
      eventRecord(toEnvelope(event, options.pseudonymSecret)),
    );
    const known = await lookup;
    const outcomes: Outcome[] = [];
    const earlier: Promise<void>[] = [];
    const fresh = new Map<string, number>();
    ids.forEach((id, i) => {
      const pending = inFlight.get(id);
      if (pending) earlier.push(pending);
      const duplicate = known[i] || pending !== undefined || fresh.has(id);
      outcomes.push(duplicate ? 'duplicate' : 'accepted');
      if (!duplicate) fresh.set(id, i);
    });
    const published =
      fresh.size === 0 ? Promise.resolve() : publisher.publish([...fresh.values()].map((i) => messages[i]!));
    const freshIds = [...fresh.keys()];
    for (const id of freshIds) inFlight.set(id, published);
    // The broker's acknowledgement makes the event ours; the mark is best effort (a lost one lets a
    // late retry through to Kafka, and the warehouse collapses it by event id).
    published
      .then(
        () => seen.mark(freshIds),
        () => {},
      )
      .catch(() => {})
      .finally(() => {
        for (const id of freshIds) if (inFlight.get(id) === published) inFlight.delete(id);
      });
    await Promise.all([published, ...earlier]);
    return outcomes;
  }

  // The requests of one event-loop turn share one Redis lookup and one publish call.
  let gathered: Caller[] = [];
  const submitGathered = () => {
    const callers = gathered;
    gathered = [];
    submitAll(callers.flatMap((c) => c.events)).then(
      (outcomes) => {
        let at = 0;
        for (const c of callers) {
          c.resolve(outcomes.slice(at, at + c.events.length));
          at += c.events.length;
        }
      },
      (err: unknown) => {
        for (const c of callers) c.reject(err);
      },
    );
  };

  let stopping = false;
  return {
    submit(events) {
      if (stopping) return Promise.reject(new Error('the gateway is stopping'));
      if (events.length === 0) return Promise.resolve([]);
      return new Promise((resolve, reject) => {
        if (gathered.length === 0) setImmediate(submitGathered);
        gathered.push({ events, resolve, reject });
      });
    },
    async stop() {
      stopping = true;
      await Promise.allSettled([publisher.close(), redis.quit()]);
    },
  };
}

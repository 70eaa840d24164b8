// Runs on the intake worker thread (see intake.ts): envelope, duplicate check, produce, mark.
import { parentPort, workerData } from 'node:worker_threads';
import { createSeenStore, redisConnection } from '@servloop/jobs';
import {
  connectOrExplain,
  createBatchingPublisher,
  createKafka,
  createReliableProducer,
} from '@servloop/kafka';
import { toEnvelope } from './envelope.ts';
import { type FromIntake, type IntakeBatch, type IntakeOptions, SEPARATOR, type ToIntake } from './intake.ts';

const options = workerData as IntakeOptions;
const port = parentPort!;
const post = (message: FromIntake) => port.postMessage(message);

const kafka = createKafka({ brokers: options.brokers, clientId: options.clientId });
// Three idempotent producers: three produce requests in flight (see createBatchingPublisher).
const producers = Array.from({ length: 3 }, () => createReliableProducer(kafka));
try {
  await Promise.all(producers.map((p) => connectOrExplain(p, options.brokers, 'producer')));
} catch (err) {
  post({ kind: 'failed', error: (err as Error).message });
  process.exit(1); // on a worker thread this ends the thread only; the owner has the reason
}
const publisher = createBatchingPublisher(producers, options.topic);
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

async function submit(batch: IntakeBatch): Promise<string> {
  const ids = batch.ids.split(SEPARATOR);
  const branchIds = batch.branchIds.split(SEPARATOR);
  const receivedAts = batch.receivedAts.split(SEPARATOR);
  const requests = batch.requests.split(SEPARATOR);
  const lookup = seen.hasMany(ids);
  // Built while Redis answers (only fresh ones are sent).
  const messages = ids.map((id, i) => {
    const envelope = toEnvelope(
      { id, branchId: branchIds[i]!, receivedAt: receivedAts[i]!, request: requests[i]! },
      options.pseudonymSecret,
    );
    return {
      key: envelope.branchId,
      value: JSON.stringify(envelope),
      headers: { 'event-type': envelope.type },
    };
  });
  const known = await lookup;
  const duplicates: string[] = [];
  const earlier: Promise<void>[] = [];
  const fresh = new Map<string, number>();
  ids.forEach((id, i) => {
    const pending = inFlight.get(id);
    if (pending) earlier.push(pending);
    const duplicate = known[i] || pending !== undefined || fresh.has(id);
    duplicates.push(duplicate ? '1' : '0');
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
  return duplicates.join('');
}

port.on('message', (message: ToIntake) => {
  if (message.kind === 'stop') {
    void Promise.allSettled([...producers.map((p) => p.disconnect()), redis.quit()]).finally(() =>
      process.exit(0),
    );
    return;
  }
  submit(message).then(
    (duplicates) => post({ kind: 'settled', seq: message.seq, duplicates }),
    (err: unknown) => post({ kind: 'settled', seq: message.seq, error: (err as Error).message }),
  );
});
post({ kind: 'ready' });

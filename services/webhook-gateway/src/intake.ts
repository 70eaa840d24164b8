// The gateway's intake: pseudonymise into an envelope, duplicate check (Redis), produce (Kafka,
// acks = all) and mark, run on a worker thread. The request thread is CPU-bound on HTTP,
// signatures and validation; kafkajs record encoding, the Redis round trips and building the
// envelope were over a third of its time (bench/gateway.bench.ts), and every hop through its busy
// event loop added latency.
import { Worker } from 'node:worker_threads';
import type { IntakeEvent } from './envelope.ts';

export type Outcome = 'accepted' | 'duplicate';

export interface Intake {
  /**
   * Resolves once every new event is acknowledged by the broker: 'accepted', or 'duplicate' when
   * its id was accepted before (within the TTL, or concurrently). Rejects if it could not be
   * published; the caller then answers 503 and the client retries.
   */
  submit(events: IntakeEvent[]): Promise<Outcome[]>;
  /** Waits for the producers and Redis to disconnect and the thread to end. */
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

// Across the thread boundary each field travels as one string joined by U+001E: a structured
// clone of a few strings is a copy, of an array of objects a walk (it was 8 % of the request
// thread). No field contains U+001E: ids match ID_PATTERN, branch ids and timestamps are plain,
// and the requests are JSON that parsed, where control characters cannot appear unescaped.
export const SEPARATOR = '\u001e';
export interface IntakeBatch {
  seq: number;
  ids: string;
  branchIds: string;
  receivedAts: string;
  requests: string;
}
export type ToIntake = ({ kind: 'submit' } & IntakeBatch) | { kind: 'stop' };
/** `duplicates`: one '0' or '1' per envelope of the batch. */
export type FromIntake =
  | { kind: 'ready' }
  | { kind: 'failed'; error: string }
  | { kind: 'settled'; seq: number; duplicates?: string; error?: string };

type Caller = { count: number; resolve: (o: Outcome[]) => void; reject: (e: unknown) => void };

/** Starts the thread; rejects (with the broker addresses) when Kafka cannot be reached. */
export async function startIntake(
  options: IntakeOptions,
  onExit: (reason: string) => void = () => {},
): Promise<Intake> {
  const worker = new Worker(new URL('./intake-thread.mjs', import.meta.url), { workerData: options });
  // Remove only our own start-up listeners afterwards: Worker keeps internal ones that must stay.
  let onStartMessage = (_m: FromIntake) => {};
  let onStartError = (_e: Error) => {};
  let onStartExit = (_code: number) => {};
  await new Promise<void>((resolve, reject) => {
    onStartMessage = (m) => {
      if (m.kind === 'ready') resolve();
      if (m.kind === 'failed') reject(new Error(m.error));
    };
    onStartError = reject;
    onStartExit = (code) => reject(new Error(`gateway intake thread exited (${code}) while starting`));
    worker.on('message', onStartMessage).on('error', onStartError).on('exit', onStartExit);
  }).finally(() => {
    worker.off('message', onStartMessage).off('error', onStartError).off('exit', onStartExit);
  });

  const waiting = new Map<number, Caller[]>();
  let gathered: { events: IntakeEvent[]; caller: Caller }[] = [];
  let seq = 0;
  let stopping = false;
  let dead: string | undefined;

  worker.on('message', (m: FromIntake) => {
    if (m.kind !== 'settled') return;
    const callers = waiting.get(m.seq) ?? [];
    waiting.delete(m.seq);
    let at = 0;
    for (const c of callers) {
      if (m.error !== undefined) c.reject(new Error(m.error));
      else
        c.resolve(
          [...m.duplicates!.slice(at, at + c.count)].map((d) => (d === '1' ? 'duplicate' : 'accepted')),
        );
      at += c.count;
    }
  });
  worker.on('error', (err) => {
    dead = err.message;
  });
  worker.once('exit', (code) => {
    dead ??= `gateway intake thread exited (${code})`;
    for (const callers of waiting.values()) for (const c of callers) c.reject(new Error(dead));
    waiting.clear();
    if (!stopping) onExit(dead);
  });

  // One postMessage for all callers of this event-loop turn.
  const send = () => {
    const batch = gathered;
    gathered = [];
    const events = batch.flatMap((b) => b.events);
    waiting.set(
      ++seq,
      batch.map((b) => b.caller),
    );
    const join = (f: (e: IntakeEvent) => string) => events.map(f).join(SEPARATOR);
    worker.postMessage({
      kind: 'submit',
      seq,
      ids: join((e) => e.id),
      branchIds: join((e) => e.branchId),
      receivedAts: join((e) => e.receivedAt),
      requests: join((e) => e.request),
    } satisfies ToIntake);
  };

  return {
    submit(events) {
      if (dead !== undefined || stopping) return Promise.reject(new Error(dead ?? 'the gateway is stopping'));
      if (events.length === 0) return Promise.resolve([]);
      return new Promise((resolve, reject) => {
        if (gathered.length === 0) setImmediate(send);
        gathered.push({ events, caller: { count: events.length, resolve, reject } });
      });
    },
    async stop() {
      if (dead !== undefined) return;
      stopping = true;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ kind: 'stop' } satisfies ToIntake);
      await exited;
    },
  };
}

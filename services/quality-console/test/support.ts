// Starts a console for a test file on the real local stack: a private chDB directory (migrated and
// seeded with the fixture), a real Kafka topic of its own for the console's writes, and helpers to
// sign in over real HTTP. `published` lists what the console handed to Kafka (and Kafka acked).
import { join } from 'node:path';
import { redisConnection, redisExpiringStore } from '@servloop/jobs';
import { createKafka, createReliablePublisher, ensureTopics, parseBrokers } from '@servloop/kafka';
import type { EventEnvelope } from '@servloop/schemas';
import { migrate, openWarehouse } from '@servloop/warehouse';
import { afterAll, beforeAll } from 'vitest';
import { FIXTURE, seedFixture } from '../src/fixture.ts';
import {
  accountStore,
  CONSOLE_LIMITS,
  kafkaEventPublisher,
  type QualityConsole,
  SESSION_COOKIE,
  type SignInProvider,
  startQualityConsole,
} from '../src/index.ts';

export const migrationsDir = join(import.meta.dirname, '..', '..', '..', 'infra', 'clickhouse', 'migrations');

export const TODAY = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** What a test file gets from @servloop/test-harness (resolveEndpoints, isolate), passed in. */
export interface Stack {
  kafkaBrokers: string;
  redisUrl: string;
  iso: { id: string; topicPrefix: string; queuePrefix: string; database: string; clickhouseUrl: string };
}

export interface TestConsoleOptions {
  sessions?: { idleMs?: number };
  providers?: SignInProvider[];
}

export async function startTestConsole(stack: Stack, o: TestConsoleOptions = {}) {
  const { iso } = stack;
  const endpoints = { KAFKA_BROKERS: stack.kafkaBrokers };
  const writer = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database });
  await migrate(writer, migrationsDir);
  const accounts = accountStore();
  await seedFixture(writer, TODAY, accounts);
  const reader = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database, create: false });
  const brokers = parseBrokers(endpoints.KAFKA_BROKERS);
  const kafka = createKafka({ brokers, clientId: `test-${iso.id}` });
  const topic = `${iso.topicPrefix}events`;
  await ensureTopics(kafka, [{ name: 'events', partitions: 2 }], iso.topicPrefix);
  const publisher = await createReliablePublisher(kafka, topic, { brokers });
  const toKafka = kafkaEventPublisher(publisher);
  const published: EventEnvelope[] = [];
  // Sessions in the real Redis, as the composition roots have them.
  const redis = redisConnection(stack.redisUrl, { failFast: true });
  const store = redisExpiringStore(redis, `${iso.queuePrefix}:console:`);
  const app: QualityConsole = await startQualityConsole({
    warehouse: reader,
    accounts,
    store,
    port: 0,
    sessions: o.sessions,
    providers: o.providers,
    // A test machine runs many suites at once and the console reads at nice 19: the production
    // time limit (10 s) would fail pages for load, not for their queries.
    limits: TEST_CONSOLE_LIMITS,
    log: (line) => console.log(line),
    publishEvent: async (e) => {
      await toKafka(e);
      published.push(e);
    },
  });
  return {
    iso,
    kafka,
    topic,
    writer,
    reader,
    store,
    app,
    accounts,
    published,
    async close() {
      await app.close();
      redis.disconnect();
      await publisher.close();
      await reader.close();
      await writer.close();
    },
  };
}

/** The console's limits with room for a loaded test machine. */
export const TEST_CONSOLE_LIMITS = { ...CONSOLE_LIMITS, maxExecutionSeconds: 120, maxQueued: 256 };

export type TestConsole = Awaited<ReturnType<typeof startTestConsole>>;

export interface Browser {
  cookie: string;
  csrf: string;
  get(path: string): Promise<Response>;
  post(path: string, form: Record<string, string>, o?: { csrf?: string | null }): Promise<Response>;
}

/** Signs in with the login form over HTTP; the CSRF token is read from a page, as a browser has it. */
export async function signIn(c: TestConsole, username: string): Promise<Browser> {
  const account = FIXTURE.accounts.find((a) => a.username === username)!;
  const res = await fetch(`${c.app.url}/login`, {
    method: 'POST',
    body: new URLSearchParams({ username, password: account.password, next: '/network' }),
    redirect: 'manual',
  });
  if (res.status !== 303) throw new Error(`sign-in as ${username}: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0]!;
  if (!cookie.startsWith(`${SESSION_COOKIE}=`)) throw new Error(`no session cookie: ${setCookie}`);
  const page = await (await fetch(`${c.app.url}/callbacks`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new Error('no CSRF token on the page');
  return browserFor(c, cookie, csrf);
}

export function browserFor(c: TestConsole, cookie: string, csrf: string): Browser {
  return {
    cookie,
    csrf,
    get: (path) => fetch(`${c.app.url}${path}`, { headers: { cookie }, redirect: 'manual' }),
    post: (path, form, o = {}) =>
      fetch(`${c.app.url}${path}`, {
        method: 'POST',
        headers: { cookie },
        body: new URLSearchParams({ ...(o.csrf === null ? {} : { _csrf: o.csrf ?? csrf }), ...form }),
        redirect: 'manual',
      }),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: tests read the JSON APIs' answers field by field
export type Json = any;
/** A JSON answer, typed loosely for assertions. */
export const json = async (res: Response | Promise<Response>): Promise<Json> => (await res).json();

/** The body of a page that must answer 200 (the path names the failure). */
export async function okText(b: Browser, path: string): Promise<string> {
  const res = await b.get(path);
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
  return res.text();
}

/**
 * A console for one test file: started before its tests (on the stack `stack()` resolves, from
 * @servloop/test-harness in the test file), with HQ signed in, and closed after.
 */
export function useTestConsole(stack: () => Promise<Stack>, o: TestConsoleOptions = {}) {
  const state = {} as { c: TestConsole; hq: Browser };
  beforeAll(async () => {
    state.c = await startTestConsole(await stack(), o);
    state.hq = await signIn(state.c, 'hq');
  });
  afterAll(async () => state.c?.close());
  return state;
}

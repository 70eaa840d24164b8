// Local stack without Docker: Kafka (JDK + jars from Maven Central), Redis, embedded ClickHouse,
// s3rver and maildev. `start` is idempotent, `stop` stops only what `start` started, `status`
// reports each part. Everything lives under one run directory (default <repo>/.run/stack).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openArchive } from '@servloop/archive';
import { createKafka, ensureTopics } from '@servloop/kafka';
import { topicDefinitions } from '@servloop/schemas';
import { migrate, openWarehouse } from '@servloop/warehouse';
import { KAFKA_VERSION, startKafkaBroker } from './kafka-broker.ts';
import { isPidAlive, pingRedis, portOpen, repoRoot, stopPid, waitFor } from './process.ts';

const env = process.env;
const runDir = env.SERVLOOP_RUN_DIR ?? join(repoRoot, '.run', 'stack');
const ports = {
  kafka: Number(env.SERVLOOP_KAFKA_PORT ?? 19092),
  kafkaController: Number(env.SERVLOOP_KAFKA_CONTROLLER_PORT ?? 19093),
  redis: Number(env.SERVLOOP_REDIS_PORT ?? 6379),
  s3: Number(env.SERVLOOP_S3_PORT ?? 4569),
  smtp: Number(env.SERVLOOP_SMTP_PORT ?? 1025),
  mailWeb: Number(env.SERVLOOP_MAIL_WEB_PORT ?? 1080),
};
const bucket = env.S3_BUCKET ?? 'servloop-raw';
const statePath = join(runDir, 'state.json');

/** Endpoints every client reads (also written to stack.env for the test harness and shells). */
export const endpoints = {
  KAFKA_BROKERS: `127.0.0.1:${ports.kafka}`,
  REDIS_URL: `redis://127.0.0.1:${ports.redis}`,
  CLICKHOUSE_URL: env.CLICKHOUSE_URL ?? `chdb://${join(runDir, 'clickhouse')}`,
  S3_ENDPOINT: `http://127.0.0.1:${ports.s3}`,
  S3_BUCKET: bucket,
  SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
  MAIL_API_URL: `http://127.0.0.1:${ports.mailWeb}`,
};

type Part = 'kafka' | 'redis' | 's3' | 'mail';
interface State {
  started: Partial<Record<Part, number>>; // pid of what this stack started
}

function readState(): State {
  return existsSync(statePath) ? (JSON.parse(readFileSync(statePath, 'utf8')) as State) : { started: {} };
}
function writeState(state: State) {
  writeFileSync(statePath, JSON.stringify(state, null, 2));
}
const log = (msg: string) => console.log(`[stack] ${msg}`);

function spawnDetached(part: Part, command: string, args: string[]): number {
  const out = openSync(join(runDir, 'logs', `${part}.log`), 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', out, out], cwd: runDir });
  closeSync(out);
  child.unref();
  if (!child.pid) throw new Error(`could not start ${part}: ${command}`);
  return child.pid;
}

async function startKafka(state: State) {
  if (await portOpen(ports.kafka)) return log(`kafka: already listening on ${endpoints.KAFKA_BROKERS}`);
  const broker = await startKafkaBroker({
    dir: join(runDir, 'kafka'),
    port: ports.kafka,
    controllerPort: ports.kafkaController,
    heap: env.SERVLOOP_KAFKA_HEAP,
    log,
  });
  state.started.kafka = broker.pid;
  writeState(state);
  log(`kafka: broker ${KAFKA_VERSION} started (pid ${broker.pid}) on ${endpoints.KAFKA_BROKERS}`);
}

async function kafkaReadyAndTopics() {
  const kafka = createKafka({ brokers: [endpoints.KAFKA_BROKERS], clientId: 'servloop-stack', retries: 10 });
  const created = await ensureTopics(kafka, topicDefinitions());
  log(`kafka: ready; topics ${created.length ? `created ${created.join(', ')}` : 'present'}`);
}

async function startRedis(state: State) {
  if (await pingRedis(ports.redis))
    return log(`redis: attached to the one answering on ${endpoints.REDIS_URL}`);
  mkdirSync(join(runDir, 'redis'), { recursive: true });
  state.started.redis = spawnDetached('redis', 'redis-server', [
    '--bind',
    '127.0.0.1',
    '--port',
    String(ports.redis),
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    join(runDir, 'redis'),
  ]);
  writeState(state);
  await waitFor('redis', () => pingRedis(ports.redis), 15_000);
  log(`redis: started (pid ${state.started.redis}) on ${endpoints.REDIS_URL}`);
}

function bin(name: string) {
  return join(repoRoot, 'infra/local/node_modules/.bin', name);
}

async function startS3(state: State) {
  if (!(await portOpen(ports.s3))) {
    mkdirSync(join(runDir, 's3'), { recursive: true });
    state.started.s3 = spawnDetached('s3', bin('s3rver'), [
      '-d',
      join(runDir, 's3'),
      '-a',
      '127.0.0.1',
      '-p',
      String(ports.s3),
      '--silent',
      '--no-vhost-buckets',
    ]);
    writeState(state);
    await waitFor('s3', () => portOpen(ports.s3), 20_000);
    log(`s3: s3rver started (pid ${state.started.s3}) on ${endpoints.S3_ENDPOINT}`);
  } else log(`s3: already listening on ${endpoints.S3_ENDPOINT}`);
  const archive = openArchive({ endpoint: endpoints.S3_ENDPOINT, bucket });
  await archive.ensureBucket();
  archive.close();
  log(`s3: bucket ${bucket} ready`);
}

async function startMail(state: State) {
  if (await portOpen(ports.smtp)) return log(`mail: SMTP already listening on ${endpoints.SMTP_URL}`);
  mkdirSync(join(runDir, 'mail'), { recursive: true });
  state.started.mail = spawnDetached('mail', bin('maildev'), [
    '--smtp',
    String(ports.smtp),
    '--web',
    String(ports.mailWeb),
    '--ip',
    '127.0.0.1',
    '--web-ip',
    '127.0.0.1',
    '--mail-directory',
    join(runDir, 'mail'),
  ]);
  writeState(state);
  await waitFor('mail', async () => (await portOpen(ports.smtp)) && (await portOpen(ports.mailWeb)), 20_000);
  log(
    `mail: maildev started (pid ${state.started.mail}); SMTP ${endpoints.SMTP_URL}, web ${endpoints.MAIL_API_URL}`,
  );
}

async function migrateWarehouse() {
  const warehouse = await openWarehouse({ url: endpoints.CLICKHOUSE_URL });
  try {
    const result = await migrate(warehouse, join(repoRoot, 'infra/clickhouse/migrations'), log);
    log(
      `clickhouse: ${warehouse.kind} at ${endpoints.CLICKHOUSE_URL}; ${result.applied.length} migration(s) applied, ${result.skipped.length} already there`,
    );
  } finally {
    await warehouse.close();
  }
}

function writeEnvFile() {
  const lines = Object.entries(endpoints).map(([k, v]) => `${k}=${v}`);
  writeFileSync(join(runDir, 'stack.env'), `${lines.join('\n')}\n`);
}

async function start() {
  const began = Date.now();
  for (const dir of ['logs', 'kafka']) mkdirSync(join(runDir, dir), { recursive: true });
  const state = readState();
  // Independent parts start side by side; Kafka is the slow one.
  await Promise.all([startKafka(state), startRedis(state), startS3(state), startMail(state)]);
  await kafkaReadyAndTopics();
  await migrateWarehouse();
  writeEnvFile();
  log(`ready in ${((Date.now() - began) / 1000).toFixed(1)} s; endpoints in ${join(runDir, 'stack.env')}`);
}

async function stop() {
  const state = readState();
  for (const part of ['mail', 's3', 'kafka', 'redis'] as Part[]) {
    const pid = state.started[part];
    if (!pid) continue;
    await stopPid(pid, part === 'kafka' ? 30_000 : 10_000);
    delete state.started[part];
    writeState(state);
    log(`${part}: stopped (pid ${pid})`);
  }
}

async function status(): Promise<boolean> {
  const state = readState();
  const checks: [Part | 'clickhouse', boolean, string][] = [
    ['kafka', await portOpen(ports.kafka), endpoints.KAFKA_BROKERS],
    ['redis', await pingRedis(ports.redis), endpoints.REDIS_URL],
    ['s3', await portOpen(ports.s3), endpoints.S3_ENDPOINT],
    ['mail', await portOpen(ports.smtp), `${endpoints.SMTP_URL} web ${endpoints.MAIL_API_URL}`],
    ['clickhouse', true, `${endpoints.CLICKHOUSE_URL} (embedded: opened by each process)`],
  ];
  for (const [part, ok, where] of checks) {
    const pid = state.started[part as Part];
    const owner = pid
      ? isPidAlive(pid)
        ? `started by stack, pid ${pid}`
        : `pid ${pid} gone`
      : 'not started by stack';
    console.log(`${ok ? 'up  ' : 'DOWN'} ${part.padEnd(10)} ${where}  (${owner})`);
  }
  return checks.every(([, ok]) => ok);
}

const command = process.argv[2] ?? 'status';
const commands: Record<string, () => Promise<unknown>> = {
  start,
  stop,
  status: async () => {
    if (!(await status())) process.exitCode = 1;
  },
  env: async () => {
    for (const [k, v] of Object.entries(endpoints)) console.log(`export ${k}=${v}`);
  },
};
const run = commands[command];
if (!run) {
  console.error(`usage: stack start|stop|status|env (got ${command})`);
  process.exit(2);
}
run().catch((err) => {
  console.error(`[stack] ${command} failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});

// Runs an Apache Kafka broker (KRaft, single node) with the JDK from jars Maven fetched.
// Used by the local stack and by tests that need a broker of their own to stop and start.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { portOpen, repoRoot, stopPid, waitFor } from './process.ts';

export const KAFKA_VERSION = '4.1.1';

export interface BrokerOptions {
  dir: string;
  port: number;
  controllerPort: number;
  heap?: string;
  log?: (line: string) => void;
}

export interface RunningBroker {
  pid: number;
  brokers: string;
  stop(graceMs?: number): Promise<void>;
  kill(): void;
}

const cacheDir = () =>
  process.env.SERVLOOP_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'servloop');
const java = () => (process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java');

/** Kafka jars from Maven Central into the cache, once; later starts reuse them. */
export function kafkaClasspath(log: (line: string) => void = console.log): string {
  const lib = join(cacheDir(), `kafka-${KAFKA_VERSION}`, 'lib');
  if (!existsSync(join(lib, '.complete'))) {
    log(`fetching Apache Kafka ${KAFKA_VERSION} jars with Maven into ${lib}`);
    const pom = join(repoRoot, 'infra/local/kafka/pom.xml');
    const args = [
      '-q',
      '-B',
      '-f',
      pom,
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${lib}`,
    ];
    const mvn = spawnSync('mvn', args, { stdio: 'inherit' });
    if (mvn.status !== 0)
      throw new Error('mvn could not fetch the Kafka jars (is Maven installed and Maven Central reachable?)');
    writeFileSync(join(lib, '.complete'), KAFKA_VERSION);
  }
  return `${lib}/*`;
}

function writeConfig(o: BrokerOptions, dataDir: string): string {
  const path = join(o.dir, 'server.properties');
  const lines = [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${o.controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${o.port},CONTROLLER://127.0.0.1:${o.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${o.port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${dataDir}`,
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    'num.partitions=1',
  ];
  writeFileSync(path, lines.join('\n'));
  writeFileSync(
    join(o.dir, 'log4j2.yaml'),
    'Configuration:\n  Appenders:\n    Console:\n      name: STDOUT\n      PatternLayout:\n        pattern: "[%d] %p %m (%c)%n"\n  Loggers:\n    Root:\n      level: WARN\n      AppenderRef:\n        - ref: STDOUT\n',
  );
  return path;
}

/** Formats storage on first use, starts the JVM detached and waits until the port answers. */
export async function startKafkaBroker(o: BrokerOptions): Promise<RunningBroker> {
  const log = o.log ?? console.log;
  const classpath = kafkaClasspath(log);
  const dataDir = join(o.dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const config = writeConfig(o, dataDir);
  if (!existsSync(join(dataDir, 'meta.properties'))) {
    const uuid = spawnSync(java(), ['-cp', classpath, 'kafka.tools.StorageTool', 'random-uuid'], {
      encoding: 'utf8',
    });
    const clusterId = uuid.stdout.trim().split('\n').pop() ?? '';
    const format = spawnSync(
      java(),
      ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', config],
      {
        encoding: 'utf8',
      },
    );
    if (format.status !== 0)
      throw new Error(`kafka storage format failed: ${format.stderr || format.stdout}`);
    log(`kafka: formatted storage in ${dataDir} (cluster ${clusterId})`);
  }
  const heap = o.heap ?? '768m';
  const out = openSync(join(o.dir, 'broker.log'), 'a');
  const child = spawn(
    java(),
    [
      `-Xms${heap}`,
      `-Xmx${heap}`,
      '-XX:+UseG1GC',
      `-Dlog4j2.configurationFile=${join(o.dir, 'log4j2.yaml')}`,
      '-cp',
      classpath,
      'kafka.Kafka',
      config,
    ],
    { detached: true, stdio: ['ignore', out, out] },
  );
  closeSync(out);
  child.unref();
  const pid = child.pid;
  if (!pid) throw new Error('could not start the Kafka JVM');
  await waitFor(`kafka on port ${o.port}`, () => portOpen(o.port), 60_000);
  return {
    pid,
    brokers: `127.0.0.1:${o.port}`,
    stop: (graceMs = 30_000) => stopPid(pid, graceMs),
    kill: () => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {}
    },
  };
}

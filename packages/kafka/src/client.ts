import { createLogger, type Logger, type LogLevel } from '@servloop/log';
import { Kafka, type KafkaConfig, type LogEntry, logLevel, Partitioners, type Producer } from 'kafkajs';

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  /** How long one connection attempt may take before it counts as failed. */
  connectionTimeoutMs?: number;
  /** Retries for the initial connection; keep small where a clear, fast failure matters. */
  retries?: number;
  /** Where kafkajs's own log lines go (default: a logger named kafkajs). */
  logger?: Logger;
}

// kafkajs logs at ERROR what a consumer group or an idempotent producer meets on every start and
// rebalance and then retries by itself: the group rebalancing, a coordinator still loading, no
// leader yet. Those are debug. A broker that cannot be reached is a warning (kafkajs retries; the
// gateway answers 503 meanwhile); anything else keeps kafkajs's level. kafkajs also warns on every
// start that an idempotent producer with limited retries may lose exactly-once: the publisher
// replaces a producer whose send failed instead (publisher.ts), so that warning is routine too.
const ROUTINE =
  /Limiting retries for the idempotent producer|rebalanc|coordinator is (loading|not available)|not the (leader|correct coordinator)|no leader for this topic|leadership election|not coordinator for group|member id|unknown_member_id|group is not ready|offset commit.*rebalance/i;
// kafkajs restarts a consumer after a crash it can retry and logs the restart at ERROR; the crash
// itself is logged with its reason, and its own level, just before.
const UNREACHABLE =
  /Restarting the consumer|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Connection timeout|Failed to connect to seed broker|Closed connection|Connection error/i;

/** The level a kafkajs log entry deserves (pure; tested). */
export function kafkaLogLevel(level: logLevel, message: string, error?: string): LogLevel {
  const text = `${message} ${error ?? ''}`;
  if (level <= logLevel.WARN && ROUTINE.test(text)) return 'debug';
  if (level === logLevel.ERROR && UNREACHABLE.test(text)) return 'warn';
  return level === logLevel.ERROR
    ? 'error'
    : level === logLevel.WARN
      ? 'warn'
      : level === logLevel.INFO
        ? 'info'
        : 'debug';
}

function logCreator(logger: Logger) {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const {
        message,
        timestamp: _timestamp,
        logger: _logger,
        stack: _stack,
        ...fields
      } = log as LogEntry['log'] & {
        stack?: string;
        error?: string;
      };
      const at = kafkaLogLevel(level, message, fields.error as string | undefined);
      logger[at](`[${namespace}] ${message}`, fields);
    };
}

/** Parses `host:port,host:port` as found in KAFKA_BROKERS. */
export function parseBrokers(value: string | undefined): string[] {
  const brokers = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is empty: expected host:port[,host:port]');
  return brokers;
}

export function createKafka(options: KafkaOptions): Kafka {
  const config: KafkaConfig = {
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    requestTimeout: 30000,
    retry: { retries: options.retries ?? 5, initialRetryTime: 200, maxRetryTime: 2000 },
    logLevel: logLevel.WARN,
    logCreator: logCreator(options.logger ?? createLogger('kafkajs')),
  };
  return new Kafka(config);
}

/**
 * A producer that only reports success once every in-sync replica has the record (acks = all)
 * and never writes a record twice on retry (idempotent). Keys use the Java-compatible murmur2
 * partitioner, so the same branch always lands on the same partition whoever produces it.
 */
export function createReliableProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 5,
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
}

/** Wraps a failed connect with the addresses it tried, so a missing broker is obvious. */
export async function connectOrExplain(
  what: { connect(): Promise<void> },
  brokers: string[],
  role: string,
): Promise<void> {
  try {
    await what.connect();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`Kafka ${role} could not reach broker(s) ${brokers.join(', ')}: ${reason}`, {
      cause: err,
    });
  }
}

export { Kafka };

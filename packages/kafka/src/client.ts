import { Kafka, type KafkaConfig, logLevel, Partitioners, type Producer } from 'kafkajs';

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  /** How long one connection attempt may take before it counts as failed. */
  connectionTimeoutMs?: number;
  /** Retries for the initial connection; keep small where a clear, fast failure matters. */
  retries?: number;
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
    logLevel: logLevel.ERROR,
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

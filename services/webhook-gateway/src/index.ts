import { createSeenStore, type Redis, redisConnection } from '@servloop/jobs';
import {
  connectOrExplain,
  createBatchingPublisher,
  createKafka,
  createReliableProducer,
  parseBrokers,
} from '@servloop/kafka';
import { TOPICS } from '@servloop/schemas';
import { createLifecycle } from '@servloop/service-kit';
import { buildGateway, type GatewayConfig } from './app.ts';

export { sign } from '@servloop/webhook-signature';
export { buildGateway, type GatewayConfig, type GatewayDeps } from './app.ts';
export { loadGatewayConfig } from './config.ts';

export interface GatewayStartOptions {
  config: GatewayConfig;
  kafkaBrokers: string;
  redisUrl: string;
  port: number;
  host?: string;
  topic?: string;
}

/** Starts the gateway; `stop()` refuses new events, finishes in-flight requests, then closes. */
export async function start(options: GatewayStartOptions) {
  const brokers = parseBrokers(options.kafkaBrokers);
  const kafka = createKafka({ brokers, clientId: 'webhook-gateway' });
  const producer = createReliableProducer(kafka);
  await connectOrExplain(producer, brokers, 'producer');
  const redis: Redis = redisConnection(options.redisUrl);
  const lifecycle = createLifecycle('webhook-gateway');
  const app = buildGateway({
    config: options.config,
    publisher: createBatchingPublisher(producer, options.topic ?? TOPICS.events),
    seen: createSeenStore(redis, 'servloop:webhook-id:', 24 * 3600),
    lifecycle,
  });
  const address = await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  lifecycle.ready = true;
  return {
    address,
    lifecycle,
    async stop() {
      lifecycle.ready = false;
      await app.close(); // waits for in-flight requests
      await producer.disconnect();
      redis.disconnect();
    },
  };
}

import { parseBrokers } from '@servloop/kafka';
import { TOPICS } from '@servloop/schemas';
import { createLifecycle } from '@servloop/service-kit';
import { buildGateway, type GatewayConfig } from './app.ts';
import { startIntake } from './intake.ts';

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
  /** Where accepted webhook ids are remembered, and for how long (default: 24 h). */
  idempotency?: { redisPrefix: string; ttlSeconds: number };
}

/** Starts the gateway; `stop()` refuses new events, finishes in-flight requests, then closes. */
export async function start(options: GatewayStartOptions) {
  const lifecycle = createLifecycle('webhook-gateway');
  const intake = await startIntake({
    brokers: parseBrokers(options.kafkaBrokers),
    clientId: 'webhook-gateway',
    topic: options.topic ?? TOPICS.events,
    redisUrl: options.redisUrl,
    pseudonymSecret: options.config.pseudonymSecret,
    seenPrefix: options.idempotency?.redisPrefix ?? 'servloop:webhook-id:',
    seenTtlSeconds: options.idempotency?.ttlSeconds ?? 24 * 3600,
  });
  const app = buildGateway({ config: options.config, intake, lifecycle });
  const address = await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  lifecycle.ready = true;
  return {
    address,
    lifecycle,
    async stop() {
      lifecycle.ready = false;
      await app.close(); // waits for in-flight requests
      await intake.stop();
    },
  };
}

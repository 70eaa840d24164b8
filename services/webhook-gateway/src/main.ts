// Composition root: configuration from the environment, then start().
import { env, onShutdown } from '@servloop/service-kit';
import { loadGatewayConfig, start } from './index.ts';

const gateway = await start({
  config: loadGatewayConfig(),
  kafkaBrokers: env('KAFKA_BROKERS'),
  redisUrl: env('REDIS_URL'),
  port: Number(env('PORT', '8080')),
  host: env('HOST', '127.0.0.1'),
});
console.log(`webhook-gateway listening on ${gateway.address}`);
onShutdown(gateway.lifecycle, [gateway.stop]);

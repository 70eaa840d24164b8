export type { Consumer, EachBatchPayload, KafkaMessage, Message, Producer, RecordMetadata } from 'kafkajs';
export {
  connectOrExplain,
  createKafka,
  createReliableProducer,
  Kafka,
  type KafkaOptions,
  parseBrokers,
} from './client.ts';
export { createLagReader, type LagReader } from './lag.ts';
export { createBatchingPublisher, createReliablePublisher, type Publisher } from './publisher.ts';
export { ensureTopics, type TopicSpec } from './topics.ts';

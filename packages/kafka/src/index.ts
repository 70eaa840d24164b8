export type { Consumer, EachBatchPayload, KafkaMessage, Producer, RecordMetadata } from 'kafkajs';
export {
  connectOrExplain,
  createKafka,
  createReliableProducer,
  Kafka,
  type KafkaOptions,
  parseBrokers,
} from './client.ts';
export { ensureTopics, type TopicSpec } from './topics.ts';

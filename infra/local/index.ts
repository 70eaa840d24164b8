export { KAFKA_VERSION, type RunningBroker, startKafkaBroker } from './kafka-broker.ts';
export { freePortPair } from './ports.ts';

export { schemasDir, TOPICS, type TopicDefinition, topicDefinitions } from './topics.ts';

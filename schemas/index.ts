export * from './catalogue.ts';
export { type AlertForLink, alertConsolePath, alertConsoleUrl } from './console-links.ts';
export { dataSchemaName, EVENT_TYPES, type EventType, eventSchemas } from './events.ts';
export { type InvalidExample, invalidExamples, type ValidExample, validExamples } from './examples.ts';
export type * from './generated/events.ts';
export * from './jobs.ts';
export { schemasDir, TOPICS, type TopicDefinition, topicDefinitions } from './topics.ts';
export { ALERT_COLUMNS } from './warehouse.ts';

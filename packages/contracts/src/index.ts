export { maskFreeText } from './mask.ts';
export { type EventRecord, eventRecord } from './record.ts';
export {
  type FieldError,
  isEventType,
  type Validation,
  validateEnvelope,
  validateWebhookRequest,
} from './validate.ts';

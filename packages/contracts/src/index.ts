export {
  type FieldError,
  isEventType,
  type Validation,
  validateEnvelope,
  validateWebhookRequest,
} from './validate.ts';

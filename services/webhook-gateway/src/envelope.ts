import type { EventEnvelope, WebhookRequest } from '@servloop/schemas';
import { pseudonymise } from './pseudonymise.ts';

/** An authenticated, validated event on its way to the intake. */
export interface IntakeEvent {
  id: string;
  branchId: string;
  receivedAt: string;
  /** The validated webhook request ({ type, occurredAt, data }), not yet pseudonymised. */
  request: WebhookRequest;
}

/** The envelope that goes on Kafka: customer identifiers replaced, free text masked. */
export function toEnvelope(event: IntakeEvent, pseudonymSecret: string): EventEnvelope {
  const { request } = event;
  return {
    id: event.id,
    type: request.type,
    schemaVersion: 1,
    branchId: event.branchId,
    occurredAt: request.occurredAt,
    receivedAt: event.receivedAt,
    data: pseudonymise(request.data as Record<string, unknown>, pseudonymSecret),
  };
}

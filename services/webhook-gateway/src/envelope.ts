import type { EventEnvelope, WebhookRequest } from '@servloop/schemas';
import { pseudonymise } from './pseudonymise.ts';

/** An authenticated, validated event on its way from the request thread to the intake thread. */
export interface IntakeEvent {
  id: string;
  branchId: string;
  receivedAt: string;
  /**
   * The validated webhook request ({ type, occurredAt, data }) as JSON text, not yet pseudonymised.
   * Text, not the parsed object: the intake thread parses it again, which costs less than a
   * structured clone of the object across the thread boundary.
   */
  request: string;
}

/** The envelope that goes on Kafka: customer identifiers replaced, free text masked. */
export function toEnvelope(event: IntakeEvent, pseudonymSecret: string): EventEnvelope {
  const req = JSON.parse(event.request) as WebhookRequest;
  return {
    id: event.id,
    type: req.type,
    schemaVersion: 1,
    branchId: event.branchId,
    occurredAt: req.occurredAt,
    receivedAt: event.receivedAt,
    data: pseudonymise(req.data as Record<string, unknown>, pseudonymSecret),
  };
}

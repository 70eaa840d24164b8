// How an event envelope travels on servloop.events.v1, whoever produces it (the webhook gateway,
// the quality console): keyed by branch, so one branch's events stay in order on one partition.
import type { EventEnvelope } from '@servloop/schemas';

export interface EventRecord {
  key: string;
  value: string;
  headers: { 'event-type': string };
}

export function eventRecord(envelope: EventEnvelope): EventRecord {
  return {
    key: envelope.branchId,
    value: JSON.stringify(envelope),
    headers: { 'event-type': envelope.type },
  };
}

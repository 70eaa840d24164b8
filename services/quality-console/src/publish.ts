import { eventRecord } from '@servloop/contracts';
import type { Publisher } from '@servloop/kafka';
import type { EventEnvelope } from '@servloop/schemas';

/** Console writes on servloop.events.v1: keyed by branch, acknowledged by all replicas. */
export const kafkaEventPublisher =
  (publisher: Publisher) =>
  (envelope: EventEnvelope): Promise<void> =>
    publisher.publish([eventRecord(envelope)]);

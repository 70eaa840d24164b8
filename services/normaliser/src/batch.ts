// One Kafka batch → warehouse rows + DLQ messages. Pure apart from the clock.
import { validateEnvelope } from '@servloop/contracts';
import type { KafkaMessage, Message } from '@servloop/kafka';
import { COMMENT_ANALYSIS_TABLE, commentAnalysisRows } from './comments.ts';
import { localDate, type Row, type Table, toRows } from './mapping.ts';

export interface PreparedBatch {
  rows: Map<Table, Row[]>;
  dlq: Message[];
  dropped: number;
  /** Branch × local day pairs touched, for the analytics jobs. */
  touched: Set<string>;
}

function dlqMessage(
  m: KafkaMessage,
  topic: string,
  partition: number,
  step: string,
  reason: string,
  errors?: unknown,
): Message {
  return {
    key: m.key,
    value: m.value,
    headers: {
      'x-dlq-reason': reason,
      'x-dlq-step': step,
      'x-dlq-errors': errors ? JSON.stringify(errors) : '',
      'x-source-topic': topic,
      'x-source-partition': String(partition),
      'x-source-offset': m.offset,
      'x-dlq-at': new Date().toISOString(),
    },
  };
}

/**
 * `zoneOf`: the branch's configured time zone (branches_v1.timezone), which decides `local_date`;
 * unknown branches keep the offset their event carried.
 */
export function prepareBatch(
  topic: string,
  partition: number,
  messages: KafkaMessage[],
  zoneOf: (branchId: string) => string | undefined = () => undefined,
  { analyseComments = true }: { analyseComments?: boolean } = {},
): PreparedBatch {
  const out: PreparedBatch = { rows: new Map(), dlq: [], dropped: 0, touched: new Set() };
  for (const m of messages) {
    if (!m.value || m.value.length === 0) {
      out.dropped++; // tombstone: nothing to normalise
      continue;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(m.value.toString('utf8'));
    } catch (err) {
      out.dlq.push(dlqMessage(m, topic, partition, 'parse', `not JSON: ${(err as Error).message}`));
      continue;
    }
    const valid = validateEnvelope(doc);
    if (!valid.ok) {
      out.dlq.push(
        dlqMessage(m, topic, partition, 'validate', 'envelope does not match its schema', valid.errors),
      );
      continue;
    }
    const zone = zoneOf(valid.value.branchId);
    const result = toRows(valid.value, { topic, partition, offset: m.offset }, zone);
    if (result.kind === 'dlq') {
      out.dlq.push(dlqMessage(m, topic, partition, 'map', result.reason, result.errors));
      continue;
    }
    if (result.kind === 'drop') {
      out.dropped++;
      continue;
    }
    for (const { table, row } of result.rows) {
      const list = out.rows.get(table) ?? [];
      list.push(row);
      out.rows.set(table, list);
    }
    out.touched.add(`${valid.value.branchId}|${localDate(valid.value.occurredAt, zone)}`);
  }
  // Comments are analysed as they are normalised: in the same batch, under the same offsets and
  // deduplication token, so a replay of the archive gives the same rows (see comments.ts).
  if (analyseComments) {
    const comments = commentAnalysisRows(out.rows);
    if (comments.length > 0) out.rows.set(COMMENT_ANALYSIS_TABLE, comments);
  }
  return out;
}

#!/usr/bin/env -S node --import tsx
// servloop-replay [--from TOPIC] [--to TOPIC]: produce the archived events again (S3 → Kafka).
// The normaliser then rebuilds the ClickHouse tables; event ids keep the rebuild idempotent.
import { parseArgs } from 'node:util';
import { openArchive } from '@servloop/archive';
import { createKafka, parseBrokers } from '@servloop/kafka';
import { TOPICS } from '@servloop/schemas';
import { env } from '@servloop/service-kit';
import { replay } from './replay.ts';

const { values } = parseArgs({
  options: { from: { type: 'string' }, to: { type: 'string' }, prefix: { type: 'string' } },
});
const sourceTopic = values.from ?? TOPICS.events;
const targetTopic = values.to ?? sourceTopic;
const archive = openArchive({ endpoint: process.env.S3_ENDPOINT, bucket: env('S3_BUCKET') });
const began = Date.now();
const result = await replay({
  kafka: createKafka({ brokers: parseBrokers(env('KAFKA_BROKERS')), clientId: 'servloop-replay' }),
  archive,
  sourceTopic,
  targetTopic,
  prefix: values.prefix,
  onProgress: ({ objects, totalObjects, records }) =>
    process.stderr.write(`\rreplay: ${objects}/${totalObjects} objects, ${records} records`),
});
process.stderr.write('\n');
console.log(
  `replayed ${result.records} records from ${result.objects} objects of s3://${archive.bucket}/raw/${sourceTopic} into ${targetTopic} ` +
    `(${result.skipped} overlapping skipped) in ${((Date.now() - began) / 1000).toFixed(1)} s`,
);
archive.close();

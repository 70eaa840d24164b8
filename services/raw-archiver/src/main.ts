// Composition root: events topic → S3, in its own consumer group.
import { openArchive } from '@servloop/archive';
import { createKafka, parseBrokers } from '@servloop/kafka';
import { TOPICS } from '@servloop/schemas';
import { createLifecycle, env, onShutdown, serveProbes } from '@servloop/service-kit';
import { startArchiver } from './archiver.ts';

const lifecycle = createLifecycle('raw-archiver');
const topic = (process.env.SERVLOOP_TOPIC_PREFIX ?? '') + TOPICS.events;
const archiver = await startArchiver({
  kafka: createKafka({ brokers: parseBrokers(env('KAFKA_BROKERS')), clientId: 'raw-archiver' }),
  archive: openArchive({ endpoint: process.env.S3_ENDPOINT, bucket: env('S3_BUCKET') }),
  topic,
  groupId: env('SERVLOOP_ARCHIVER_GROUP', 'servloop-raw-archiver'),
  lifecycle,
});
const probes = await serveProbes(lifecycle, Number(env('PORT', '0')));
console.log(`[raw-archiver] archiving ${topic}; probes on ${JSON.stringify(probes.address())}`);
onShutdown(lifecycle, [archiver.stop, async () => void probes.close()]);

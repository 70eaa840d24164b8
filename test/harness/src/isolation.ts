import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Endpoints } from './endpoints.ts';

/** Names that keep one test file's data apart from every other's on shared services. */
export interface Isolation {
  id: string;
  /** Prefix for Kafka topics and consumer groups. */
  topicPrefix: string;
  /** ClickHouse database for this file. */
  database: string;
  /** CLICKHOUSE_URL for this file: a private chDB directory (one process per path), or the server. */
  clickhouseUrl: string;
  /** Key prefix inside the S3 bucket. */
  s3Prefix: string;
  /** BullMQ queue prefix in Redis. */
  queuePrefix: string;
}

export function isolate(endpoints: Endpoints, label = 't'): Isolation {
  const id = `${label
    .replace(/[^a-z0-9]/gi, '')
    .slice(0, 12)
    .toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const clickhouseUrl = endpoints.CLICKHOUSE_URL.startsWith('chdb://')
    ? `chdb://${mkdtempSync(join(tmpdir(), `servloop-chdb-${id}-`))}`
    : endpoints.CLICKHOUSE_URL;
  return {
    id,
    topicPrefix: `test.${id}.`,
    database: `test_${id}`,
    clickhouseUrl,
    s3Prefix: `test/${id}/`,
    queuePrefix: `test:${id}`,
  };
}

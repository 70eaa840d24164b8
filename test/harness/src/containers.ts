// Used only when a Docker engine answers (never on machines without one): the same services as
// infra/docker-compose.yml, started once per test process by testcontainers.
import { GenericContainer, Wait } from 'testcontainers';
import type { Endpoints } from './endpoints.ts';

export async function startContainers(): Promise<Partial<Endpoints>> {
  const [redis, kafka, clickhouse, minio, mailpit] = await Promise.all([
    new GenericContainer('redis:7.4').withExposedPorts(6379).start(),
    new GenericContainer('apache/kafka:4.1.1')
      .withExposedPorts({ container: 9092, host: 39092 })
      .withEnvironment({
        KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
        KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://localhost:39092',
      })
      .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
      .start(),
    new GenericContainer('clickhouse/clickhouse-server:25.8')
      .withExposedPorts(8123)
      .withEnvironment({ CLICKHOUSE_USER: 'default', CLICKHOUSE_PASSWORD: 'servloop' })
      .withWaitStrategy(Wait.forHttp('/ping', 8123))
      .start(),
    new GenericContainer('minio/minio:RELEASE.2025-09-07T16-13-09Z')
      .withCommand(['server', '/data'])
      .withExposedPorts(9000)
      .withEnvironment({ MINIO_ROOT_USER: 'S3RVER', MINIO_ROOT_PASSWORD: 'S3RVERS3RVER' })
      .start(),
    new GenericContainer('axllent/mailpit:v1.27').withExposedPorts(1025, 8025).start(),
  ]);
  const at = (c: { getHost(): string; getMappedPort(p: number): number }, port: number) =>
    `${c.getHost()}:${c.getMappedPort(port)}`;
  return {
    REDIS_URL: `redis://${at(redis, 6379)}`,
    KAFKA_BROKERS: `${kafka.getHost()}:39092`,
    CLICKHOUSE_URL: `http://default:servloop@${at(clickhouse, 8123)}`,
    S3_ENDPOINT: `http://${at(minio, 9000)}`,
    S3_BUCKET: 'servloop-raw',
    SMTP_URL: `smtp://${at(mailpit, 1025)}`,
    MAIL_API_URL: `http://${at(mailpit, 8025)}`,
  };
}

// The analysts' endpoint over a test's warehouse, as the all-in-one runs it: a session of its own,
// one account, the default limits. `urlWithCredentials` is what @clickhouse/client and the
// services' CLIs take as CLICKHOUSE_URL.
import type { Isolation } from '@servloop/test-harness';
import {
  analystUsers,
  DEFAULT_ANALYST_LIMITS,
  hashPassword,
  openWarehouse,
  type QueryEndpoint,
  serveQueryEndpoint,
} from '@servloop/warehouse';

export interface TestAnalystEndpoint {
  endpoint: QueryEndpoint;
  user: string;
  password: string;
  urlWithCredentials: string;
  close(): Promise<void>;
}

export async function startAnalystEndpoint(
  iso: Isolation,
  user = 'analyst',
  password = `pw-${iso.id}`,
): Promise<TestAnalystEndpoint> {
  const reader = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database, create: false });
  const endpoint = await serveQueryEndpoint(reader, {
    users: analystUsers({ [user]: hashPassword(password) }),
    limits: DEFAULT_ANALYST_LIMITS,
    port: 0,
  });
  const url = new URL(endpoint.url);
  url.username = user;
  url.password = password;
  return {
    endpoint,
    user,
    password,
    urlWithCredentials: url.toString(),
    async close() {
      await endpoint.close();
      await reader.close();
    },
  };
}

// Issue 10: analysts never stop the pipeline nor see outside the warehouse. The whole servloop runs
// in this process as the demo runs it (one embedded engine shared by every service). First, on the
// fresh process, file(), url() and remote() are refused and leak nothing. Then, while signed
// webhooks flow, an analyst runs every documented query, every refused write and every forbidden
// read; afterwards every accepted event is in ClickHouse exactly once and no insert failed.
import { startAllInOne } from '@servloop/local-stack';
import { accountStore } from '@servloop/quality-console';
import {
  freePort,
  isolate,
  LEAK,
  outsideReads,
  postEvent,
  resolveEndpoints,
  WRITES,
} from '@servloop/test-harness';
import { analystUsers, hashPassword } from '@servloop/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTED_QUERY_PARAMS, documentedQueries } from './documented-queries.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'analystsafety');
const PASSWORD = `pw-${iso.id}`;
const auth = { authorization: `Basic ${Buffer.from(`analyst:${PASSWORD}`).toString('base64')}` };
Object.assign(process.env, endpoints, {
  CLICKHOUSE_URL: iso.clickhouseUrl,
  SERVLOOP_TOPIC_PREFIX: iso.topicPrefix,
  SERVLOOP_QUEUE_PREFIX: iso.queuePrefix,
  SERVLOOP_GATEWAY_PORT: String(await freePort()),
  SERVLOOP_QUERY_PORT: String(await freePort()),
  SERVLOOP_HEALTH_PORT: String(await freePort()),
  SERVLOOP_CONSOLE_PORT: String(await freePort()),
});

let app: Awaited<ReturnType<typeof startAllInOne>>;
beforeAll(async () => {
  app = await startAllInOne({
    analystUsers: analystUsers({ analyst: hashPassword(PASSWORD) }),
    consoleAccounts: accountStore(),
    log: () => {},
  });
});
afterAll(async () => {
  await app.stop();
});

const ask = (query: string, search = '') =>
  fetch(`${app.queryEndpoint.url}/${search}`, { method: 'POST', body: query, headers: auth });

async function refusedWithoutData(query: string, codes: string[]) {
  const res = await ask(query);
  const text = await res.text();
  expect({ query, status: res.status, code: res.headers.get('x-clickhouse-exception-code') }).toMatchObject({
    query,
    status: 403,
  });
  expect(codes, query).toContain(res.headers.get('x-clickhouse-exception-code'));
  expect(text, query).toMatch(/^Code: \d+\. DB::Exception: analyst: .*\n$/);
  expect(text, query).not.toMatch(LEAK);
}

describe('the analysts’ endpoint in the running servloop', () => {
  it('on a fresh process refuses file(), url() and remote() with a ClickHouse error and no data', async () => {
    await refusedWithoutData("SELECT * FROM file('/etc/passwd', 'LineAsString')", ['497']);
    await refusedWithoutData(
      `SELECT * FROM file('${endpoints.CLICKHOUSE_URL.replace('chdb://', '')}/../stack.env', 'LineAsString')`,
      ['497'],
    );
    await refusedWithoutData(`SELECT * FROM url('${endpoints.MAIL_API_URL}/email', 'LineAsString')`, ['497']);
    await refusedWithoutData("SELECT * FROM remote('127.0.0.1:9000', system.one)", ['497']);
    const anonymous = await fetch(`${app.queryEndpoint.url}/`, { method: 'POST', body: 'SELECT 1' });
    expect(anonymous.status).toBe(401);
  });

  it('while webhooks flow, every documented, refused and forbidden query leaves ingestion whole', async () => {
    const branch = app.branches[0]!;
    const url = `${app.gateway.address}/v1/branches/${branch.branchId}/events`;
    let accepted = 0;
    let refused = 0;
    let flowing = true;
    const flow = (async () => {
      for (let i = 0; flowing || i < 200; i++) {
        const res = await postEvent(
          url,
          {
            type: 'survey.response',
            occurredAt: new Date().toISOString(),
            data: {
              responseId: `safety-${i}`,
              customer: { phone: `+86138${String(10_000_000 + i).slice(-8)}` },
              channel: 'sms',
              nps: i % 11,
              comment: i % 7 === 0 ? '等了四十分钟' : '',
            },
          },
          { secret: branch.secret, id: `${iso.id}-safety-${i}` },
        );
        if (res.status === 202) accepted++;
        else refused++;
      }
    })();

    const queries = documentedQueries();
    expect(queries.size).toBeGreaterThan(10);
    for (const [id, sql] of queries) {
      const params = Object.entries(DOCUMENTED_QUERY_PARAMS[id] ?? {})
        .map(([k, v]) => `param_${k}=${encodeURIComponent(v)}`)
        .join('&');
      const res = await ask(`${sql}\nFORMAT JSONEachRow`, params ? `?${params}` : '');
      expect({ id, status: res.status, text: res.status === 200 ? '' : await res.text() }).toEqual({
        id,
        status: 200,
        text: '',
      });
      await res.arrayBuffer();
    }
    for (const query of WRITES) await refusedWithoutData(query, ['164']);
    for (const query of outsideReads('system')) await refusedWithoutData(query, ['164', '497']);
    // A query past the analyst limits is stopped; the writers carry on meanwhile.
    const heavy = await ask(
      'SELECT count() FROM numbers(1000000000) WHERE sipHash64(number) = 0',
      '?max_execution_time=3',
    );
    expect(await heavy.text()).toMatch(/^Code: 159\. DB::Exception: Timeout exceeded/);

    flowing = false;
    await flow;
    expect(refused).toBe(0);
    expect(accepted).toBeGreaterThanOrEqual(200);

    const landed = async () =>
      Number(
        (
          await (
            await app.warehouse.client.query({
              query: `SELECT uniqExact(event_id) AS n FROM survey_responses_v1 WHERE event_id LIKE {p:String}`,
              query_params: { p: `${iso.id}-safety-%` },
              format: 'JSONEachRow',
            })
          ).json<{ n: string }>()
        )[0]!.n,
      );
    const deadline = Date.now() + 60_000;
    while ((await landed()) < accepted && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await landed()).toBe(accepted);
    const [{ rows, events }] = (await (
      await app.warehouse.client.query({
        query: `SELECT count() AS rows, uniqExact(event_id) AS events FROM survey_responses FINAL WHERE event_id LIKE {p:String}`,
        query_params: { p: `${iso.id}-safety-%` },
        format: 'JSONEachRow',
      })
    ).json<{ rows: string; events: string }>()) as [{ rows: string; events: string }];
    expect(Number(rows)).toBe(Number(events));

    const metrics = await (await fetch(`${app.healthUrl}/metrics`)).text();
    expect(metrics).not.toMatch(/normaliser_insert_failures_total\{[^}]*\} [1-9]/);
    expect(metrics).toMatch(
      /normaliser_rows_inserted_total\{table="survey_responses_v1",service="normaliser"\} \d+/,
    );
    const ready = await fetch(`${app.healthUrl}/readyz`);
    expect({ status: ready.status, text: await ready.text() }).toEqual({ status: 200, text: 'ready\n' });
  });
});

// Issue 5: the demo (every service in one process + the branch simulator) runs headless for a
// fixed time; afterwards every table has rows, the rollups are filled, the degraded branch has an
// open improvement loop, and at least one alert email reached the sink.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, isolate, Mailbox, resolveEndpoints } from '@servloop/test-harness';
import { openWarehouse } from '@servloop/warehouse';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './paths.ts';

const SECONDS = Number(process.env.SERVLOOP_DEMO_TEST_SECONDS ?? 60);
const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'demo');
const recipient = `quality+${iso.id}@servloop.test`;

describe('the demo command, headless', () => {
  it(`runs for ${SECONDS} s and leaves a working pipeline behind`, async () => {
    const output: string[] = [];
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'infra/local/demo.ts')], {
      cwd: repoRoot,
      env: {
        ...process.env,
        ...endpoints,
        CLICKHOUSE_URL: iso.clickhouseUrl,
        SERVLOOP_TOPIC_PREFIX: iso.topicPrefix,
        SERVLOOP_QUEUE_PREFIX: iso.queuePrefix,
        SERVLOOP_GATEWAY_PORT: String(await freePort()),
        SERVLOOP_QUERY_PORT: String(await freePort()),
        SERVLOOP_HEALTH_PORT: String(await freePort()),
        SERVLOOP_ALERT_RECIPIENTS: recipient,
        SERVLOOP_DEMO_SECONDS: String(SECONDS),
        SERVLOOP_DEMO_BACKFILL_DAYS: '14',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => output.push(String(d)));
    child.stderr.on('data', (d) => output.push(String(d)));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    const log = output.join('');
    expect(code, log.slice(-3000)).toBe(0);
    expect(log).toContain('servloop is running');
    // The analysts' account is printed, and the live summary says how ingestion is doing.
    expect(log).toMatch(/user analyst, password \S+/);
    expect(log).toMatch(/ingest lag \d+, oldest waiting [\d.]+ s, last commit \d+ s ago/);
    expect(log).not.toContain('INGESTION STUCK');
    expect(log).toMatch(/events sent \d+, accepted \d+, refused 0/);

    const warehouse = await openWarehouse({ url: iso.clickhouseUrl });
    try {
      const count = async (table: string) =>
        Number(
          (
            await (
              await warehouse.client.query({
                query: `SELECT count() AS n FROM ${table}`,
                format: 'JSONEachRow',
              })
            ).json<{ n: string }>()
          )[0]!.n,
        );
      for (const table of [
        'branches',
        'visits',
        'survey_responses',
        'questionnaire_answers',
        'complaint_events',
        'nps_daily',
        'quality_daily',
        'standards_current',
        'improvement_loops_v1',
        'alerts',
      ]) {
        expect(await count(table), table).toBeGreaterThan(0);
      }
      const loops = await (
        await warehouse.client.query({
          query:
            "SELECT branch_id, dimension, status FROM improvement_loops_current WHERE status != 'closed'",
          format: 'JSONEachRow',
        })
      ).json<{ branch_id: string; dimension: string }>();
      expect(loops.map((l) => `${l.branch_id}×${l.dimension}`)).toContain('GZ001×efficiency');
      // The simulated comments carry topics: GZ001's are mostly about efficiency, and the loop's
      // step 1 cites them.
      const topics = await (
        await warehouse.client.query({
          query: `SELECT branch_id, topic, count() AS n FROM comment_topics
                  WHERE topic_sentiment IN ('negative', 'mixed')
                  GROUP BY branch_id, topic ORDER BY branch_id, n DESC, topic`,
          format: 'JSONEachRow',
        })
      ).json<{ branch_id: string; topic: string; n: string }>();
      expect(topics.find((t) => t.branch_id === 'GZ001')?.topic).toBe('efficiency');
      expect(new Set(topics.map((t) => t.topic)).size).toBeGreaterThanOrEqual(4);
      expect(await count('comment_analysis_latest WHERE needs_response = 1')).toBeGreaterThan(0);
      const [step1] = await (
        await warehouse.client.query({
          query: `SELECT event FROM improvement_loops_v1 FINAL
                  WHERE branch_id = 'GZ001' AND dimension = 'efficiency' AND step = 1 ORDER BY opened_at LIMIT 1`,
          format: 'JSONEachRow',
        })
      ).json<{ event: string }>();
      expect(step1?.event).toMatch(
        /comments \S+ to \S+: \d+ of \d+ negative on efficiency; top sub-topics .*waiting/,
      );
    } finally {
      await warehouse.close();
    }
    const mails = await new Mailbox(endpoints.MAIL_API_URL).to(recipient);
    expect(mails.length).toBeGreaterThan(0);
  });
});

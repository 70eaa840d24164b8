// Gateway throughput and latency against a bare node:http handler that reads the same bodies,
// both run as child processes and driven by the same autocannon load in this process.
//   pnpm --filter @servloop/bench gateway   (needs the local stack: Kafka, Redis)
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { resolveEndpoints } from '@servloop/test-harness';
import { sign } from '@servloop/webhook-signature';
import autocannon from 'autocannon';
import { fmt, surveyBody } from './common.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const endpoints = await resolveEndpoints();
const secret = `whsec_${Buffer.from('bench-secret-0123456789').toString('base64')}`;

function startServer(kind: 'bare' | 'gateway'): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []),
      '--import',
      'tsx',
      join(import.meta.dirname, 'servers.ts'),
      kind,
    ],
    {
      env: { ...process.env, ...endpoints, BENCH_SECRET: secret },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      const m = /listening (\S+)/.exec(String(d));
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`${kind} server exited ${code}`)));
  });
}

/** batch = 0: one event per request; batch = N: N events per request to the batch endpoint. */
async function load(url: string, batch: number) {
  const bodies = Array.from({ length: 200 }, (_, i) =>
    batch === 0
      ? JSON.stringify(surveyBody(i))
      : JSON.stringify(
          Array.from({ length: batch }, (_, j) => ({ id: randomUUID(), ...surveyBody(i * batch + j) })),
        ),
  );
  let n = 0;
  const result = await autocannon({
    url: `${url}/v1/branches/B001/events${batch ? '/batch' : ''}`,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          // Batch items need fresh ids each time, or the gateway answers "duplicate" cheaply.
          const body =
            batch === 0
              ? bodies[n++ % bodies.length]!
              : bodies[n++ % bodies.length]!.replace(/"id":"[^"]+"/g, () => `"id":"${randomUUID()}"`);
          const id = randomUUID();
          const ts = String(Math.floor(Date.now() / 1000));
          return {
            ...req,
            body,
            headers: {
              'content-type': 'application/json',
              'webhook-id': id,
              'webhook-timestamp': ts,
              'webhook-signature': sign(secret, id, ts, body),
            },
          };
        },
      },
    ],
  });
  return {
    eps: result.requests.average * Math.max(1, batch),
    rps: result.requests.average,
    ok: result['2xx'],
    non2xx: result.non2xx,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

const BATCH = Number(process.env.BENCH_BATCH ?? 50);
for (const batch of BATCH ? [0, BATCH] : [0]) {
  const results: Record<string, Awaited<ReturnType<typeof load>>> = {};
  for (const kind of ['bare', 'gateway'] as const) {
    const server = await startServer(kind);
    await load(server.url, batch); // warm-up run, discarded
    const r = await load(server.url, batch);
    results[kind] = r;
    server.child.kill('SIGTERM');
    console.log(
      `${batch ? `batch of ${batch}` : 'single'} ${kind.padEnd(8)} ${fmt(r.eps)} events/s  ${fmt(r.rps)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  2xx ${r.ok}  non-2xx ${r.non2xx}`,
    );
  }
  const ratio = results.gateway!.eps / results.bare!.eps;
  console.log(
    `${batch ? `batch of ${batch}` : 'single'}: gateway/bare events/s ratio ${ratio.toFixed(2)} (goal ≥ 0.5)`,
  );
}
console.log(
  `(${DURATION} s per run, ${CONNECTIONS} connections, signed survey webhooks, load generator in this process)`,
);
process.exit(0);

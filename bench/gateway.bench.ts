// Gateway throughput and latency against a bare node:http handler that reads the same bodies,
// both run as child processes and driven by the same autocannon load in this process.
//   pnpm --filter @servloop/bench gateway   (needs the local stack: Kafka, Redis)
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveEndpoints } from '@servloop/test-harness';
import { sign } from '@servloop/webhook-signature';
import autocannon from 'autocannon';
import { fmt, surveyBody } from './common.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 15);
// Two concurrency levels: at 64 connections each 202 waits for Redis and Kafka's acks = all, so the
// gateway is bound by that round trip; at 256 it is bound by CPU, like the bare handler.
const CONNECTION_LEVELS = (process.env.BENCH_CONNECTIONS ?? '64,256').split(',').map(Number);
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

// CPU time per event is printed next to the throughput: on a shared host the throughput of one run
// swings by ±30 %, the CPU a server spends per event much less, so it shows what a change saved.
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
/** CPU seconds (user + system, all threads) a child process has used so far (Linux /proc). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** batch = 0: one event per request; batch = N: N events per request to the batch endpoint. */
async function load(server: { child: ChildProcess; url: string }, batch: number, connections: number) {
  const { url } = server;
  const bodies = Array.from({ length: 200 }, (_, i) =>
    batch === 0
      ? JSON.stringify(surveyBody(i))
      : JSON.stringify(
          Array.from({ length: batch }, (_, j) => ({ id: randomUUID(), ...surveyBody(i * batch + j) })),
        ),
  );
  let n = 0;
  const serverCpuBefore = cpuSeconds(server.child.pid!);
  const ownCpuBefore = process.cpuUsage();
  const result = await autocannon({
    url: `${url}/v1/branches/B001/events${batch ? '/batch' : ''}`,
    connections,
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
  const ownCpu = process.cpuUsage(ownCpuBefore);
  const events = result['2xx'] * Math.max(1, batch);
  return {
    serverUsPerEvent: ((cpuSeconds(server.child.pid!) - serverCpuBefore) * 1e6) / events,
    loadUsPerEvent: (ownCpu.user + ownCpu.system) / events,
    eps: result.requests.average * Math.max(1, batch),
    rps: result.requests.average,
    ok: result['2xx'],
    non2xx: result.non2xx,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

const BATCH = Number(process.env.BENCH_BATCH ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
// Both servers stay up; runs alternate bare, gateway, bare, … so machine noise hits both alike,
// and the median of the rounds is reported.
const servers = { bare: await startServer('bare'), gateway: await startServer('gateway') };
// Capacity: each server's best median over the connection levels (single events). At a level where
// the bare handler is CPU-bound but the gateway still waits on round trips (Redis, acks = all), the
// ratio of that level compares latency, not how many events each can take.
const best = { bare: 0, gateway: 0 };
for (const connections of CONNECTION_LEVELS) {
  for (const batch of BATCH ? [0, BATCH] : [0]) {
    const label = `${batch ? `batch of ${batch}` : 'single'}, ${connections} connections`;
    const runs: Record<'bare' | 'gateway', Awaited<ReturnType<typeof load>>[]> = { bare: [], gateway: [] };
    const run = (kind: 'bare' | 'gateway') => load(servers[kind], batch, connections);
    for (const kind of ['bare', 'gateway'] as const) await run(kind); // warm-up, discarded
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of ['bare', 'gateway'] as const) runs[kind].push(await run(kind));
    }
    for (const kind of ['bare', 'gateway'] as const) {
      const r = runs[kind];
      console.log(
        `${label}: ${kind.padEnd(8)} median ${fmt(median(r.map((x) => x.eps)))} events/s (runs ${r.map((x) => fmt(x.eps)).join(', ')})  p50 ${median(r.map((x) => x.p50))} ms  p99 ${median(r.map((x) => x.p99))} ms  non-2xx ${r.reduce((n, x) => n + x.non2xx, 0)}  CPU µs/event: server ${fmt(median(r.map((x) => x.serverUsPerEvent)))}, load generator ${fmt(median(r.map((x) => x.loadUsPerEvent)))}`,
      );
    }
    if (batch === 0)
      for (const kind of ['bare', 'gateway'] as const)
        best[kind] = Math.max(best[kind], median(runs[kind].map((x) => x.eps)));
    const ratios = runs.gateway.map((g, k) => g.eps / runs.bare[k]!.eps);
    console.log(
      `${label}: gateway/bare events/s ratio ${median(ratios).toFixed(2)} (per round ${ratios.map((x) => x.toFixed(2)).join(', ')}; goal ≥ 0.5)`,
    );
  }
}
if (CONNECTION_LEVELS.length > 1)
  console.log(
    `single, capacity (best level of each): gateway ${fmt(best.gateway)} / bare ${fmt(best.bare)} events/s = ratio ${(best.gateway / best.bare).toFixed(2)} (goal ≥ 0.5)`,
  );
for (const s of Object.values(servers)) s.child.kill('SIGTERM');
console.log(`(${DURATION} s per run, signed survey webhooks, load generator in this process)`);
process.exit(0);

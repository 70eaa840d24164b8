// Plumbing every service shares: Prometheus metrics, /healthz /readyz /metrics, and a SIGTERM
// sequence (not ready → drain → close).
import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export { Counter, Gauge, Histogram, Registry };

export interface Lifecycle {
  service: string;
  /** Started and not shutting down. */
  ready: boolean;
  registry: Registry;
  /** Checks run on every readiness probe: each returns why the service cannot do its job now. */
  problems: (() => string | undefined)[];
}

export function createLifecycle(service: string): Lifecycle {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  return { service, ready: false, registry, problems: [] };
}

/** Ready when started, not stopping and no check reports a problem; the problems say why not. */
export function readiness(lifecycle: Lifecycle): { ready: boolean; problems: string[] } {
  const problems = lifecycle.problems.map((check) => check()).filter((p): p is string => p !== undefined);
  if (!lifecycle.ready) problems.unshift('not started or stopping');
  return { ready: problems.length === 0, problems };
}

/** /readyz's answer: 200 `ready`, or 503 with one problem a line. */
export function readyzAnswer(lifecycles: Lifecycle[]): { status: 200 | 503; body: string } {
  const problems = lifecycles.flatMap((l) => readiness(l).problems.map((p) => `${l.service}: ${p}`));
  return problems.length === 0
    ? { status: 200, body: 'ready\n' }
    : { status: 503, body: `${problems.join('\n')}\n` };
}

/**
 * Answers the probes for services that have no HTTP server of their own, or for several services
 * run in one process (ready only when every one is; metrics of all, each with its service label).
 */
export function serveProbes(
  lifecycles: Lifecycle | Lifecycle[],
  port: number,
  host = '127.0.0.1',
): Promise<Server> {
  const all = Array.isArray(lifecycles) ? lifecycles : [lifecycles];
  const server = createServer(async (req, res) => {
    if (req.url === '/healthz') return res.writeHead(200).end('ok');
    if (req.url === '/readyz') {
      const { status, body } = readyzAnswer(all);
      return res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
    }
    if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': all[0]!.registry.contentType });
      return res.end((await Promise.all(all.map((l) => l.registry.metrics()))).join('\n'));
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/**
 * On SIGTERM/SIGINT: mark not ready, run the stop steps in order (drain first, close last),
 * then exit. A second signal exits at once.
 */
export function onShutdown(lifecycle: Lifecycle, steps: (() => Promise<void>)[], log = console.log): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    lifecycle.ready = false;
    log(`${signal}: draining`);
    for (const step of steps) {
      try {
        await step();
      } catch (err) {
        log(`shutdown step failed: ${err instanceof Error ? err.message : err}`);
      }
    }
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

/** Reads an environment variable, with a clear error when a required one is missing. */
export function env(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') throw new Error(`environment variable ${name} is required`);
  return value;
}

// Where the real services are: explicit environment variables first, then containers when a
// Docker engine answers, then the local stack's stack.env. Nothing found is an error, never a skip.
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Endpoints {
  KAFKA_BROKERS: string;
  REDIS_URL: string;
  CLICKHOUSE_URL: string;
  S3_ENDPOINT: string;
  S3_BUCKET: string;
  SMTP_URL: string;
  MAIL_API_URL: string;
}
export const ENDPOINT_NAMES: (keyof Endpoints)[] = [
  'KAFKA_BROKERS',
  'REDIS_URL',
  'CLICKHOUSE_URL',
  'S3_ENDPOINT',
  'S3_BUCKET',
  'SMTP_URL',
  'MAIL_API_URL',
];

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

function stackEnv(): Record<string, string> {
  const path = join(process.env.SERVLOOP_RUN_DIR ?? join(repoRoot, '.run', 'stack'), 'stack.env');
  return existsSync(path) ? parseEnvFile(readFileSync(path, 'utf8')) : {};
}

let containerEndpoints: Promise<Partial<Endpoints>> | undefined;

function dockerAnswers(): Promise<boolean> {
  if (process.env.SERVLOOP_NO_CONTAINERS === '1') return Promise.resolve(false);
  const socketPath = process.env.DOCKER_HOST?.replace(/^unix:\/\//, '') ?? '/var/run/docker.sock';
  if (!existsSync(socketPath)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** Resolves every endpoint or throws one error naming each that is missing and how to get it. */
export async function resolveEndpoints(): Promise<Endpoints> {
  const fromStack = stackEnv();
  const found: Partial<Endpoints> = {};
  for (const name of ENDPOINT_NAMES) {
    const value = process.env[name] ?? fromStack[name];
    if (value) found[name] = value;
  }
  if (ENDPOINT_NAMES.some((n) => !found[n]) && (await dockerAnswers())) {
    const { startContainers } = await import('./containers.ts');
    containerEndpoints ??= startContainers();
    const started = await containerEndpoints;
    for (const name of ENDPOINT_NAMES) found[name] ??= started[name];
  }
  const missing = ENDPOINT_NAMES.filter((n) => !found[n]);
  if (missing.length > 0) {
    throw new Error(
      `test services missing: ${missing.join(', ')}. Start the local stack with \`pnpm stack start\`, ` +
        'set the variables, or run a Docker engine for testcontainers.',
    );
  }
  return found as Endpoints;
}

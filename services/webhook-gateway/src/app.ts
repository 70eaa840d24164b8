import { type FieldError, validateWebhookRequest } from '@servloop/contracts';
import type { WebhookRequest } from '@servloop/schemas';
import { Counter, Histogram, type Lifecycle, readyzAnswer } from '@servloop/service-kit';
import { verify } from '@servloop/webhook-signature';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { IntakeEvent } from './envelope.ts';
import type { Intake } from './intake.ts';
import { RateLimiter } from './rate-limit.ts';

export interface GatewayConfig {
  /** Current signing secrets per branch (several during rotation). */
  branchSecrets: Map<string, string[]>;
  pseudonymSecret: string;
  bodyLimitBytes?: number;
  batchBodyLimitBytes?: number;
  maxBatchItems?: number;
  ratePerSecond?: number;
  rateBurst?: number;
  retryAfterSeconds?: number;
}

export interface GatewayDeps {
  config: GatewayConfig;
  /** Duplicate check + produce; see intake.ts. */
  intake: Pick<Intake, 'submit'>;
  lifecycle: Lifecycle;
  now?: () => number;
}

const ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

function problem(reply: FastifyReply, status: number, error: string, message: string, errors?: FieldError[]) {
  return reply.code(status).send(errors ? { error, message, errors } : { error, message });
}

type ItemResult =
  | { id: string; status: 202 | 200 }
  | { id: string; status: 400; error: 'invalid_event'; errors: FieldError[] };

export function buildGateway(deps: GatewayDeps): FastifyInstance {
  const { config, intake, lifecycle } = deps;
  const now = deps.now ?? Date.now;
  const limiter = new RateLimiter(config.ratePerSecond ?? 500, config.rateBurst ?? 1000, now);
  const retryAfter = String(config.retryAfterSeconds ?? 5);
  const metrics = {
    requests: new Counter({
      name: 'gateway_requests_total',
      help: 'Webhook requests by status',
      labelNames: ['status'],
      registers: [lifecycle.registry],
    }),
    events: new Counter({
      name: 'gateway_events_accepted_total',
      help: 'Events acknowledged by Kafka',
      registers: [lifecycle.registry],
    }),
    latency: new Histogram({
      name: 'gateway_request_seconds',
      help: 'Request latency',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [lifecycle.registry],
    }),
  };

  const app = Fastify({ bodyLimit: config.batchBodyLimitBytes ?? 5 * 1024 * 1024, logger: false });
  // Keep the raw bytes: the signature covers them exactly, not a re-serialisation.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    /^application\/(?:[\w.+-]+\+)?json(?:;.*)?$/,
    { parseAs: 'buffer' },
    (_req, body, done) => done(null, body),
  );
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, _body, done) => {
    const err = Object.assign(new Error('only application/json bodies are accepted'), {
      statusCode: 415,
      code: 'unsupported_media_type',
    });
    done(err, undefined);
  });
  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, _req, reply) => {
    const status = err.statusCode ?? 500;
    if (status === 413) return problem(reply, 413, 'payload_too_large', err.message);
    if (status === 415)
      return problem(reply, 415, 'unsupported_media_type', 'only application/json bodies are accepted');
    if (status < 500) return problem(reply, status, err.code ?? 'bad_request', err.message);
    return problem(reply, 500, 'internal_error', 'unexpected error; the event was not accepted');
  });
  app.addHook('onResponse', async (_req, reply) => {
    metrics.requests.inc({ status: String(reply.statusCode) });
    metrics.latency.observe(reply.elapsedTime / 1000);
  });

  app.get('/healthz', async () => 'ok');
  app.get('/readyz', async (_req, reply) => {
    const { status, body } = readyzAnswer([lifecycle]);
    return reply.code(status).type('text/plain; charset=utf-8').send(body);
  });
  app.get('/metrics', async (_req, reply) =>
    reply.type(lifecycle.registry.contentType).send(await lifecycle.registry.metrics()),
  );

  /** Checks branch, signature, size and rate; returns the parsed JSON, or undefined after replying. */
  async function authenticate(
    req: FastifyRequest<{ Params: { branchId: string } }>,
    reply: FastifyReply,
    limit: number,
    cost = 1,
  ) {
    const { branchId } = req.params;
    const secrets = config.branchSecrets.get(branchId);
    if (!secrets) return void problem(reply, 404, 'unknown_branch', `branch ${branchId} is not configured`);
    const raw = req.body;
    if (!Buffer.isBuffer(raw))
      return void problem(reply, 415, 'unsupported_media_type', 'only application/json bodies are accepted');
    if (raw.length > limit)
      return void problem(
        reply,
        413,
        'payload_too_large',
        `body is ${raw.length} bytes; the limit is ${limit}`,
      );
    const h = req.headers;
    const check = verify(
      secrets,
      {
        id: h['webhook-id'] as string,
        timestamp: h['webhook-timestamp'] as string,
        signature: h['webhook-signature'] as string,
      },
      raw,
      Math.floor(now() / 1000),
    );
    if (!check.ok) return void problem(reply, 401, 'invalid_signature', check.reason);
    const wait = limiter.take(branchId, cost);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      return void problem(
        reply,
        429,
        'rate_limited',
        `branch ${branchId} is over its rate limit; retry in ${wait} s`,
      );
    }
    try {
      return { json: JSON.parse(raw.toString('utf8')) as unknown };
    } catch (err) {
      return void problem(reply, 400, 'invalid_json', `body is not JSON: ${(err as Error).message}`, [
        { path: '/', reason: 'is not valid JSON' },
      ]);
    }
  }

  // Many requests arrive within one millisecond: format the timestamp once per millisecond.
  let receivedMs = Number.NaN;
  let receivedIso = '';
  function receivedAt() {
    const ms = now();
    if (ms !== receivedMs) {
      receivedMs = ms;
      receivedIso = new Date(ms).toISOString();
    }
    return receivedIso;
  }

  /** What the intake turns into an envelope. */
  function intakeEvent(id: string, branchId: string, request: WebhookRequest): IntakeEvent {
    return { id, branchId, receivedAt: receivedAt(), request };
  }

  /** Publishes the events whose ids were not accepted before; resolves with each one's outcome. */
  async function accept(events: IntakeEvent[]) {
    const outcomes = await intake.submit(events);
    metrics.events.inc(outcomes.filter((o) => o === 'accepted').length);
    return outcomes;
  }

  function unavailable(reply: FastifyReply, err: unknown) {
    reply.header('retry-after', retryAfter);
    return problem(
      reply,
      503,
      'unavailable',
      `the event log did not acknowledge the event(s) (${(err as Error).message}); retry later: an event sent again is never counted twice`,
    );
  }

  app.post<{ Params: { branchId: string } }>('/v1/branches/:branchId/events', async (req, reply) => {
    if (!lifecycle.ready) return unavailable(reply, new Error('shutting down'));
    const body = await authenticate(req, reply, config.bodyLimitBytes ?? 256 * 1024);
    if (body === undefined) return reply;
    const id = req.headers['webhook-id'] as string;
    if (!ID_PATTERN.test(id))
      return problem(reply, 400, 'invalid_event', 'webhook-id must be 1-64 of A-Z a-z 0-9 . _ : -', [
        { path: 'header:webhook-id', reason: 'has invalid characters or length' },
      ]);
    const valid = validateWebhookRequest(body.json);
    if (!valid.ok)
      return problem(
        reply,
        400,
        'invalid_event',
        `${valid.errors.length} problem(s) in the event`,
        valid.errors,
      );
    try {
      const [outcome] = await accept([intakeEvent(id, req.params.branchId, valid.value)]);
      if (outcome === 'duplicate') return reply.code(200).send({ id, status: 'duplicate' });
    } catch (err) {
      return unavailable(reply, err);
    }
    return reply.code(202).send({ id, status: 'accepted' });
  });

  // Many events in one signed request: [{ id, type, occurredAt, data }, …]; per-item results.
  app.post<{ Params: { branchId: string } }>('/v1/branches/:branchId/events/batch', async (req, reply) => {
    if (!lifecycle.ready) return unavailable(reply, new Error('shutting down'));
    const body = await authenticate(req, reply, config.batchBodyLimitBytes ?? 5 * 1024 * 1024);
    if (body === undefined) return reply;
    const items = body.json;
    const max = config.maxBatchItems ?? 1000;
    if (!Array.isArray(items) || items.length === 0 || items.length > max) {
      return problem(reply, 400, 'invalid_batch', `body must be an array of 1-${max} events`, [
        { path: '/', reason: `must be an array of 1-${max} items` },
      ]);
    }
    const results: ItemResult[] = [];
    const candidates: { index: number; event: IntakeEvent }[] = [];
    items.forEach((item: unknown, index) => {
      const { id, ...rest } = (item ?? {}) as { id?: unknown };
      if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
        results[index] = {
          id: String(id ?? ''),
          status: 400,
          error: 'invalid_event',
          errors: [{ path: `/${index}/id`, reason: 'must be 1-64 of A-Z a-z 0-9 . _ : -' }],
        };
        return;
      }
      const valid = validateWebhookRequest(rest);
      if (!valid.ok) {
        results[index] = {
          id,
          status: 400,
          error: 'invalid_event',
          errors: valid.errors.map((e) => ({ ...e, path: `/${index}${e.path}` })),
        };
        return;
      }
      candidates.push({ index, event: intakeEvent(id, req.params.branchId, valid.value) });
    });
    try {
      const outcomes = await accept(candidates.map((c) => c.event));
      candidates.forEach(({ index, event }, i) => {
        results[index] = { id: event.id, status: outcomes[i] === 'duplicate' ? 200 : 202 };
      });
    } catch (err) {
      return unavailable(reply, err);
    }
    // authenticate() refused requests without a webhook-id, so the batch always has one.
    return reply.code(207).send({ batchId: req.headers['webhook-id'] as string, results });
  });

  return app;
}

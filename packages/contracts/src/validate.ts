import {
  dataSchemaName,
  EVENT_TYPES,
  type EventEnvelope,
  type EventType,
  eventSchemas,
  type WebhookRequest,
  windowServiceCatalogue,
} from '@servloop/schemas';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/** One reason a document was refused: where (JSON pointer) and why. */
export interface FieldError {
  path: string;
  reason: string;
}
export type Validation<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
// Two compilations of every schema: a fast one that stops at the first error (the common, valid
// case), and one that collects every error, run only to explain a refusal.
function compileAll(allErrors: boolean): Map<string, ValidateFunction> {
  const ajv = new Ajv2020({ allErrors, strict: true, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv);
  return new Map(Object.entries(eventSchemas()).map(([name, schema]) => [name, ajv.compile(schema)]));
}
const fast = compileAll(false);
const validators = compileAll(true);
const catalogueItems = new Set(windowServiceCatalogue().items.map((i) => i.id));

function validator(name: string): ValidateFunction {
  const v = validators.get(name);
  if (!v) throw new Error(`no schema ${name} in schemas/events`);
  return v;
}

function describe(e: ErrorObject, prefix: string): FieldError {
  const p = e.params as Record<string, unknown>;
  let path = prefix + e.instancePath;
  let reason = e.message ?? 'is invalid';
  if (e.keyword === 'required') {
    path += `/${p.missingProperty}`;
    reason = 'is required';
  } else if (e.keyword === 'additionalProperties') {
    path += `/${p.additionalProperty}`;
    reason = 'is not allowed';
  } else if (e.keyword === 'enum') reason = `must be one of ${(p.allowedValues as unknown[]).join(', ')}`;
  else if (e.keyword === 'const') reason = `must be ${JSON.stringify(p.allowedValue)}`;
  return { path: path || '/', reason };
}

function check(name: string, doc: unknown, prefix = ''): FieldError[] {
  if (fast.get(name)?.(doc)) return [];
  const v = validator(name);
  if (v(doc)) return [];
  // anyOf reports every branch; one line saying what is needed is clearer than four.
  const errors = (v.errors ?? []).filter(
    (e) => !(e.keyword === 'required' && e.schemaPath.includes('anyOf')),
  );
  return errors.map((e) => describe(e, prefix));
}

function checkData(type: EventType, version: number, data: unknown): FieldError[] {
  const errors = check(dataSchemaName(type, version), data, '/data');
  if (type === 'questionnaire.window_service' && errors.length === 0) {
    const answers = (data as { answers: { itemId: string }[] }).answers;
    answers.forEach((a, i) => {
      if (!catalogueItems.has(a.itemId))
        errors.push({ path: `/data/answers/${i}/itemId`, reason: `unknown questionnaire item ${a.itemId}` });
    });
    const seen = new Set<string>();
    answers.forEach((a, i) => {
      if (seen.has(a.itemId))
        errors.push({ path: `/data/answers/${i}/itemId`, reason: `item ${a.itemId} answered twice` });
      seen.add(a.itemId);
    });
  }
  return errors;
}

/** Validates a branch's webhook body: the request shape, then `data` against its type's schema. */
export function validateWebhookRequest(body: unknown): Validation<WebhookRequest> {
  const errors = check('webhook-request.v1', body);
  if (errors.length > 0) return { ok: false, errors };
  const req = body as WebhookRequest;
  const dataErrors = checkData(req.type, req.schemaVersion ?? 1, req.data);
  // The actor is who did it in the quality console, set there from the signed-in session; a branch
  // system naming one would write someone else's name into the audit trail.
  if ((req.data as Record<string, unknown>).actor !== undefined)
    dataErrors.push({ path: '/data/actor', reason: 'is set by the quality console only' });
  return dataErrors.length > 0 ? { ok: false, errors: dataErrors } : { ok: true, value: req };
}

/** Validates an envelope read from Kafka (the normaliser does not trust the producer). */
export function validateEnvelope(doc: unknown): Validation<EventEnvelope> {
  const errors = check('envelope.v1', doc);
  if (errors.length > 0) return { ok: false, errors };
  const env = doc as EventEnvelope;
  const dataErrors = checkData(env.type, env.schemaVersion, env.data);
  return dataErrors.length > 0 ? { ok: false, errors: dataErrors } : { ok: true, value: env };
}

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

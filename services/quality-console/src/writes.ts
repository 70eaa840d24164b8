// The console's writes as events: a form is checked here (pure; every refusal names the field and
// why), then becomes an envelope on servloop.events.v1 through the same contracts as a branch's
// webhook (schemas/events, @servloop/contracts), keyed by branch, carrying who did it (actor).
// Nothing is written anywhere else: the normaliser turns the event into rows, the S3 archive keeps
// it, a replay rebuilds it.
import { randomUUID } from 'node:crypto';
import { type FieldError, maskFreeText, validateEnvelope } from '@servloop/contracts';
import type { EventEnvelope, EventType } from '@servloop/schemas';
import type { Account } from './accounts.ts';
import { DIMENSION_IDS, type Lang } from './i18n.ts';

export const LOOP_ACTIONS = ['supervision', 'training', 'drill', 'innovation'] as const;
export const CALLBACK_OUTCOMES = ['reached', 'not_reached', 'resolved'] as const;
/** loop.action_completed's note is at most 500 characters; notes, reasons and call-back notes 2000. */
export const ACTION_NOTE_MAX = 500;
export const NOTE_MAX = 2000;

export interface Actor {
  user: string;
  role: Account['role'];
  via: string;
  session: string;
}

type Form = Record<string, unknown>;
type Checked<T> = { ok: true; data: T } | { ok: false; errors: FieldError[] };

const REASONS = {
  required: ['必填', 'is required'],
  tooLong: ['不能超过 {max} 个字', 'must be at most {max} characters'],
  oneOf: ['必须是以下之一:{list}', 'must be one of {list}'],
  range: ['必须是 1 到 5 之间的数字(最多两位小数)', 'must be a number from 1 to 5 (at most two decimals)'],
} as const;
const reason = (lang: Lang, key: keyof typeof REASONS, vars: Record<string, string | number> = {}) =>
  REASONS[key][lang === 'zh' ? 0 : 1].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k]));

const text = (form: Form, field: string) =>
  typeof form[field] === 'string' ? (form[field] as string).trim() : '';

function requiredText(form: Form, field: string, max: number, lang: Lang, errors: FieldError[]): string {
  const v = text(form, field);
  if (!v) errors.push({ path: field, reason: reason(lang, 'required') });
  else if ([...v].length > max) errors.push({ path: field, reason: reason(lang, 'tooLong', { max }) });
  return v;
}

function optionalText(form: Form, field: string, max: number, lang: Lang, errors: FieldError[]): string {
  const v = text(form, field);
  if ([...v].length > max) errors.push({ path: field, reason: reason(lang, 'tooLong', { max }) });
  return v;
}

function oneOf<T extends string>(
  form: Form,
  field: string,
  allowed: readonly T[],
  lang: Lang,
  errors: FieldError[],
) {
  const v = text(form, field);
  if (!v) errors.push({ path: field, reason: reason(lang, 'required') });
  else if (!allowed.includes(v as T))
    errors.push({ path: field, reason: reason(lang, 'oneOf', { list: allowed.join(', ') }) });
  return v as T;
}

const done = <T>(errors: FieldError[], data: T): Checked<T> =>
  errors.length ? { ok: false, errors } : { ok: true, data };

export function checkActionForm(form: Form, lang: Lang) {
  const errors: FieldError[] = [];
  const action = oneOf(form, 'action', LOOP_ACTIONS, lang, errors);
  const note = optionalText(form, 'note', ACTION_NOTE_MAX, lang, errors);
  return done(errors, { action, note });
}

export function checkNoteForm(form: Form, lang: Lang) {
  const errors: FieldError[] = [];
  const note = requiredText(form, 'note', NOTE_MAX, lang, errors);
  return done(errors, { note });
}

export function checkOverrideForm(form: Form, lang: Lang) {
  const errors: FieldError[] = [];
  const dimension = oneOf(form, 'dimension', DIMENSION_IDS, lang, errors);
  const raw = text(form, 'target');
  const target = Number(raw);
  if (!raw) errors.push({ path: 'target', reason: reason(lang, 'required') });
  else if (!/^\d(\.\d{1,2})?$/.test(raw) || !(target >= 1 && target <= 5))
    errors.push({ path: 'target', reason: reason(lang, 'range') });
  const why = requiredText(form, 'reason', NOTE_MAX, lang, errors);
  return done(errors, { dimension, target, reason: why });
}

export function checkOutcomeForm(form: Form, lang: Lang) {
  const errors: FieldError[] = [];
  const outcome = oneOf(form, 'outcome', CALLBACK_OUTCOMES, lang, errors);
  const note = requiredText(form, 'note', NOTE_MAX, lang, errors);
  return done(errors, { outcome, note });
}

/** An id for `by` fields that take [A-Za-z0-9._:-]{1,64} (complaint.callback). */
export const staffId = (user: string) => user.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 64) || 'console';

/** The envelope of a console write, validated against the contracts; throws if it is not valid. */
export function consoleEnvelope(o: {
  type: EventType;
  branchId: string;
  data: Record<string, unknown>;
  actor: Actor;
  now: number;
}): EventEnvelope {
  const at = new Date(o.now).toISOString();
  const data: Record<string, unknown> = { ...o.data, actor: o.actor };
  for (const field of ['note', 'reason'] as const)
    if (typeof data[field] === 'string') data[field] = maskFreeText(data[field] as string);
  const envelope = {
    id: `console-${randomUUID()}`,
    type: o.type,
    schemaVersion: 1,
    branchId: o.branchId,
    occurredAt: at,
    receivedAt: at,
    data,
  };
  const checked = validateEnvelope(envelope);
  if (!checked.ok)
    throw new Error(
      `console event ${o.type} does not match its contract: ${checked.errors.map((e) => `${e.path} ${e.reason}`).join('; ')}`,
    );
  return checked.value;
}

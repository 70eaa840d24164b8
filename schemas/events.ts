import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemasDir } from './topics.ts';

export const EVENT_TYPES = [
  'visit.completed',
  'survey.response',
  'questionnaire.window_service',
  'complaint.filed',
  'complaint.acknowledged',
  'complaint.resolved',
  'complaint.followed_up',
  // The regulator's clocks (packages/complaint-clocks): an extension and a call-back record.
  'complaint.extended',
  'complaint.callback',
  /** An improvement-loop action reported done by the branch (seed 002, step 4). */
  'loop.action_completed',
  /** A note on an improvement loop (the quality console, or a branch system). */
  'loop.note_added',
  /** A person sets a branch's service standard for a dimension, with a reason (the quality console). */
  'standard.overridden',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The schema file (without .schema.json) that validates `data` for an event type and version. */
export function dataSchemaName(type: EventType, version: number): string {
  if (type === 'complaint.filed') return `complaint.filed.v${version}`;
  if (type === 'complaint.extended' || type === 'complaint.callback') return `${type}.v${version}`;
  if (type.startsWith('complaint.')) return `complaint.v${version}`;
  return `${type}.v${version}`;
}

/** Every event schema, keyed by file name without `.schema.json`. */
export function eventSchemas(): Record<string, object> {
  const dir = join(schemasDir, 'events');
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.schema.json'))
      .map((f) => [f.replace(/\.schema\.json$/, ''), JSON.parse(readFileSync(join(dir, f), 'utf8'))]),
  );
}

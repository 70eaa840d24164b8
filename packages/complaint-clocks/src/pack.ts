// Loads clock packs (packages/complaint-clocks/packs/*.json) and local override files, validated by
// JSON Schema: an unknown key or a wrong value is refused with its path, never ignored.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { DayKind } from './calendar.ts';

const require = createRequire(import.meta.url);
export const packsDir = join(import.meta.dirname, '..', 'packs');

export type EventKind =
  | 'filed'
  | 'acknowledged'
  | 'extended'
  | 'paused'
  | 'resumed'
  | 'callback'
  | 'resolved'
  | 'followed_up';
export type CallbackOutcome = 'reached' | 'not_reached' | 'resolved';
export interface Text {
  zh: string;
  en: string;
}
export interface ExtensionStep {
  id: string;
  name: Text;
  days: number;
  requires: { reason: boolean; approver: boolean; approverRoles?: string[]; customerInformed: boolean };
}
export interface ClockRule {
  id: string;
  name: Text;
  basis?: string;
  startOn: EventKind[];
  stopOn: { event: EventKind; outcomes?: CallbackOutcome[] }[];
  pauseOn?: EventKind[];
  resumeOn?: EventKind[];
  days: DayKind;
  limit: number;
  lastDayOnOffDay: 'keep' | 'next-working-day';
  extensions: ExtensionStep[];
  warn: { daysLeft: number };
}
export interface Pack {
  id: string;
  version: number;
  name: Text;
  sources: { title: string; ref: string; effective?: string; note?: string }[];
  utcOffset: string;
  /** Survey responses that start the clocks as if filed (好差评 bad ratings); see pack.schema.json. */
  badRatings?: BadRatings;
  clocks: ClockRule[];
}
export interface BadRatings {
  csatAtMost: number;
  realNameOnly: boolean;
}
export interface PackOverride {
  pack: string;
  note?: string;
  badRatings?: BadRatings;
  clocks: Record<
    string,
    Partial<Pick<ClockRule, 'limit' | 'days' | 'lastDayOnOffDay' | 'warn'>> & {
      extensions?: Record<string, { days?: number; approverRoles?: string[] }>;
    }
  >;
}

export interface PackIssue {
  path: string;
  reason: string;
}
export class PackError extends Error {
  constructor(
    readonly source: string,
    readonly issues: PackIssue[],
  ) {
    super(`${source}: ${issues.map((i) => `${i.path || '/'} ${i.reason}`).join('; ')}`);
    this.name = 'PackError';
  }
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
const validatePack = ajv.compile<Pack>(require('./pack.schema.json'));
const validateOverride = ajv.compile<PackOverride>(require('./override.schema.json'));

function issues(errors: ErrorObject[] | null | undefined): PackIssue[] {
  return (errors ?? []).map((e) => {
    const p = e.params as Record<string, unknown>;
    if (e.keyword === 'additionalProperties')
      return { path: `${e.instancePath}/${p.additionalProperty}`, reason: 'is not a known key' };
    if (e.keyword === 'required')
      return { path: `${e.instancePath}/${p.missingProperty}`, reason: 'is required' };
    if (e.keyword === 'enum')
      return {
        path: e.instancePath,
        reason: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    return { path: e.instancePath, reason: e.message ?? 'is invalid' };
  });
}

/** Checks what the schema cannot: unique ids, and stop/pause events that make sense together. */
function semanticIssues(pack: Pack): PackIssue[] {
  const out: PackIssue[] = [];
  const seen = new Set<string>();
  pack.clocks.forEach((c, i) => {
    if (seen.has(c.id)) out.push({ path: `/clocks/${i}/id`, reason: `clock ${c.id} is defined twice` });
    seen.add(c.id);
    if ((c.pauseOn?.length ?? 0) > 0 !== (c.resumeOn?.length ?? 0) > 0)
      out.push({ path: `/clocks/${i}/resumeOn`, reason: 'a clock that can pause must name what resumes it' });
    c.stopOn.forEach((s, j) => {
      if (s.outcomes && s.event !== 'callback')
        out.push({ path: `/clocks/${i}/stopOn/${j}/outcomes`, reason: 'only a callback has outcomes' });
    });
    const ext = new Set<string>();
    c.extensions.forEach((e, j) => {
      if (ext.has(e.id))
        out.push({ path: `/clocks/${i}/extensions/${j}/id`, reason: `extension ${e.id} twice` });
      ext.add(e.id);
    });
  });
  return out;
}

/** Validates a pack document; throws PackError naming every bad path. */
export function parsePack(doc: unknown, source: string): Pack {
  if (!validatePack(doc)) throw new PackError(source, issues(validatePack.errors));
  const semantic = semanticIssues(doc);
  if (semantic.length > 0) throw new PackError(source, semantic);
  return doc;
}

/** Applies local limits to a pack; an override for another pack or an unknown clock is refused. */
export function applyOverride(pack: Pack, doc: unknown, source: string): Pack {
  if (!validateOverride(doc)) throw new PackError(source, issues(validateOverride.errors));
  const problems: PackIssue[] = [];
  if (doc.pack !== pack.id)
    problems.push({ path: '/pack', reason: `is ${doc.pack}, but the pack is ${pack.id}` });
  for (const [clockId, o] of Object.entries(doc.clocks)) {
    const clock = pack.clocks.find((c) => c.id === clockId);
    if (!clock) {
      problems.push({
        path: `/clocks/${clockId}`,
        reason: `is not a clock of ${pack.id} (${pack.clocks.map((c) => c.id).join(', ')})`,
      });
      continue;
    }
    for (const extId of Object.keys(o.extensions ?? {}))
      if (!clock.extensions.some((e) => e.id === extId))
        problems.push({
          path: `/clocks/${clockId}/extensions/${extId}`,
          reason: `is not an extension of clock ${clockId}`,
        });
  }
  if (problems.length > 0) throw new PackError(source, problems);
  const merged: Pack = structuredClone(pack);
  if (doc.badRatings) merged.badRatings = doc.badRatings;
  for (const clock of merged.clocks) {
    const o = doc.clocks[clock.id];
    if (!o) continue;
    if (o.limit !== undefined) clock.limit = o.limit;
    if (o.days !== undefined) clock.days = o.days;
    if (o.lastDayOnOffDay !== undefined) clock.lastDayOnOffDay = o.lastDayOnOffDay;
    if (o.warn !== undefined) clock.warn = o.warn;
    for (const ext of clock.extensions) {
      const e = o.extensions?.[ext.id];
      if (e?.days !== undefined) ext.days = e.days;
      if (e?.approverRoles !== undefined) ext.requires.approverRoles = e.approverRoles;
    }
  }
  return parsePack(merged, `${source} applied to ${pack.id}`);
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PackError(file, [{ path: '', reason: `cannot be read (${(err as Error).message})` }]);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new PackError(file, [{ path: '', reason: `is not JSON (${(err as Error).message})` }]);
  }
}

/** The shipped pack ids (file names under packs/). */
export function packIds(): string[] {
  return readdirSync(packsDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

/** A shipped pack by id, with an optional local override file applied. */
export function loadPack(id: string, options: { overrideFile?: string } = {}): Pack {
  if (!packIds().includes(id))
    throw new PackError(id, [{ path: '', reason: `is not a shipped pack (${packIds().join(', ')})` }]);
  const file = join(packsDir, `${id}.json`);
  const pack = parsePack(readJson(file), file);
  if (pack.id !== id)
    throw new PackError(file, [{ path: '/id', reason: `is ${pack.id}, the file is ${id}.json` }]);
  return options.overrideFile
    ? applyOverride(pack, readJson(options.overrideFile), options.overrideFile)
    : pack;
}

// Which standard is in force for a branch × dimension, from its change history (pure). Precedence:
//   1. a person's override for the branch (source 'override' via the CLI) holds until a person
//      lifts it;
//   2. otherwise the newest of: the branch's standard from the file, its raised standard, and any
//      '*' default (file or a person's) — so a default reaches branches that were evaluated before;
//   3. otherwise the proposal made from expectations the first time the branch was evaluated.
// The standards file is applied once per content change (its hash is recorded), so a restart
// never undoes a raise or an override.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { StandardChange } from './facts-types.ts';

export interface StandardInForce {
  target: number;
  source: StandardChange['source'];
  /** Held by a person's override: the loop may not raise it. */
  locked: boolean;
  change: StandardChange;
}

const newest = (a: StandardChange, b: StandardChange) =>
  a.createdAt - b.createdAt || a.version - b.version || a.changeId.localeCompare(b.changeId);

export function standardInForce(
  history: readonly StandardChange[],
  branchId: string,
  dimension: string,
): StandardInForce | undefined {
  const mine = history.filter((h) => h.dimension === dimension && h.branchId === branchId).sort(newest);
  const defaults = history.filter((h) => h.dimension === dimension && h.branchId === '*').sort(newest);
  const lastLift = mine.findLast((h) => h.source === 'lifted');
  const override = mine.findLast(
    (h) => h.source === 'override' && h.via !== 'file' && (!lastLift || newest(h, lastLift) > 0),
  );
  if (override) return { target: override.target, source: 'override', locked: true, change: override };
  const lastDefaultLift = defaults.findLast((h) => h.source === 'lifted');
  const candidates = [
    ...mine.filter((h) => (h.source === 'override' && h.via === 'file') || h.source === 'raised'),
    ...defaults.filter(
      (h) => h.source === 'override' && (!lastDefaultLift || newest(h, lastDefaultLift) > 0),
    ),
  ].sort(newest);
  const chosen = candidates.at(-1) ?? mine.findLast((h) => h.source === 'proposed');
  return chosen && { target: chosen.target, source: chosen.source, locked: false, change: chosen };
}

export interface FileStandard {
  branchId: string;
  dimension: string;
  target: number;
}

/** Parses SERVLOOP_STANDARDS_FILE: `[{ "branchId": "*", "dimension": "efficiency", "target": 4.2 }, …]`. */
export function loadStandardsFile(path = process.env.SERVLOOP_STANDARDS_FILE): {
  entries: FileStandard[];
  contentHash: string;
} {
  if (!path) return { entries: [], contentHash: '' };
  const text = readFileSync(path, 'utf8');
  const list = JSON.parse(text) as FileStandard[];
  if (!Array.isArray(list)) throw new Error(`${path}: expected a JSON array`);
  for (const [i, s] of list.entries()) {
    const keys = Object.keys(s).filter((k) => !['branchId', 'dimension', 'target'].includes(k));
    if (keys.length) throw new Error(`${path}[${i}].${keys[0]}: unknown key`);
    if (
      typeof s.branchId !== 'string' ||
      typeof s.dimension !== 'string' ||
      !(s.target >= 1 && s.target <= 5)
    )
      throw new Error(`${path}[${i}]: needs branchId, dimension and a target between 1 and 5`);
  }
  return { entries: list, contentHash: createHash('sha256').update(text).digest('hex').slice(0, 16) };
}

/** The file entries to record: none when this content was applied before (whatever happened since). */
export function fileStandardsToApply(
  entries: readonly FileStandard[],
  contentHash: string,
  history: readonly StandardChange[],
): FileStandard[] {
  if (!contentHash || history.some((h) => h.via === 'file' && h.contentHash === contentHash)) return [];
  return [...entries];
}

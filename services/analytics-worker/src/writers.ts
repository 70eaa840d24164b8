// The only code that writes standards, loops and alerts. Writes are serialised in this process:
// the analytics worker runs one job at a time, and the CLI sends its changes as jobs to it, so
// standard versions are allocated by one writer, never by two racing readers of max(version).
import { createHash, randomUUID } from 'node:crypto';
import { ALERT_COLUMNS, type AlertJob } from '@servloop/schemas';
import { insertRows, type Warehouse } from '@servloop/warehouse';
import type { AnalyticsConfig } from './config.ts';
import { standardHistory } from './facts.ts';
import type { StandardChange } from './facts-types.ts';
import type { LoopState } from './loop.ts';
import { rows } from './sql.ts';
import {
  type FileStandard,
  fileStandardsToApply,
  type StandardInForce,
  standardInForce,
} from './standards.ts';

/** One chain per process: a write starts when the previous one finished. */
let chain: Promise<unknown> = Promise.resolve();
function serialised<T>(f: () => Promise<T>): Promise<T> {
  const run = chain.then(f, f);
  chain = run.catch(() => {});
  return run;
}

export type NewStandard = Omit<StandardChange, 'version' | 'changeId' | 'createdAt'> & { createdAt?: number };

/** Records a standard change with the next version of its branch × dimension; returns it. */
export function recordStandard(w: Warehouse, s: NewStandard): Promise<StandardChange> {
  return serialised(async () => {
    const [v] = await rows<{ v: string }>(
      w,
      'SELECT max(version) AS v FROM standards_v1 WHERE branch_id = {b:String} AND dimension = {d:String}',
      { b: s.branchId, d: s.dimension },
    );
    const change: StandardChange = {
      ...s,
      version: Number(v?.v ?? 0) + 1,
      changeId: randomUUID(),
      createdAt: s.createdAt ?? Date.now(),
    };
    await insertRows(
      w,
      'standards_v1',
      [
        'branch_id',
        'dimension',
        'version',
        'target_perception',
        'source',
        'reason',
        'created_at',
        'via',
        'changed_by',
        'content_hash',
        'change_id',
      ],
      [
        {
          branch_id: change.branchId,
          dimension: change.dimension,
          version: change.version,
          target_perception: change.target,
          source: change.source,
          reason: change.reason,
          created_at: change.createdAt,
          via: change.via,
          changed_by: change.changedBy,
          content_hash: change.contentHash,
          change_id: change.changeId,
        },
      ],
    );
    return change;
  });
}

/** Publishes the standard in force (what analysts read in standards_current). */
export async function publishStandard(
  w: Warehouse,
  branchId: string,
  dimension: string,
  s: StandardInForce,
  at: number,
) {
  await insertRows(
    w,
    'standards_in_force_v1',
    [
      'branch_id',
      'dimension',
      'target',
      'standard_version',
      'standard_source',
      'via',
      'changed_by',
      'reason',
      'locked',
      'since',
      'resolved_at',
    ],
    [
      {
        branch_id: branchId,
        dimension,
        target: s.target,
        standard_version: s.change.version,
        standard_source: s.source,
        via: s.change.via,
        changed_by: s.change.changedBy,
        reason: s.change.reason,
        locked: s.locked ? 1 : 0,
        since: s.change.createdAt,
        resolved_at: Math.max(at, Date.now()),
      },
    ],
  );
}

/** Re-resolves and publishes the standards in force for every branch × dimension touched by `changes`. */
export async function republishStandards(w: Warehouse, history: StandardChange[], at: number) {
  const keys = new Set(history.map((h) => `${h.branchId}|${h.dimension}`));
  const defaults = history.filter((h) => h.branchId === '*');
  // A '*' default reaches every branch that has a standard of that dimension.
  for (const d of defaults)
    for (const h of history) if (h.dimension === d.dimension) keys.add(`${h.branchId}|${h.dimension}`);
  for (const key of keys) {
    const [branchId, dimension] = key.split('|') as [string, string];
    if (branchId === '*') continue;
    const s = standardInForce(history, branchId, dimension);
    if (s) await publishStandard(w, branchId, dimension, s, at);
  }
}

export async function saveLoopVersions(w: Warehouse, versions: LoopState[]) {
  if (versions.length === 0) return;
  await serialised(() =>
    insertRows(
      w,
      'improvement_loops_v1',
      [
        'loop_id',
        'branch_id',
        'dimension',
        'version',
        'step',
        'status',
        'iteration',
        'escalation',
        'target',
        'measured',
        'measured_n',
        'baseline',
        'state',
        'event',
        'opened_at',
        'due_at',
        'updated_at',
      ],
      versions.map((s) => ({
        loop_id: s.loopId,
        branch_id: s.branchId,
        dimension: s.dimension,
        version: s.version,
        step: s.step,
        status: s.status,
        iteration: s.iteration,
        escalation: s.escalation,
        target: s.target,
        measured: s.measured.mean,
        measured_n: s.measured.respondents,
        baseline: s.baseline.mean,
        state: JSON.stringify(s),
        event: s.event,
        opened_at: s.openedAt,
        due_at: s.dueAt,
        updated_at: s.updatedAt,
      })),
    ),
  );
}

/** Records an action reported done from the CLI (the same table the loop.action_completed events fill). */
export async function recordActionDone(
  w: Warehouse,
  a: { branchId: string; loopId: string; kind: string; by: string; note: string; at: number },
) {
  await insertRows(
    w,
    'loop_action_events_v1',
    [
      'event_id',
      'branch_id',
      'loop_id',
      'action_kind',
      'completed_by',
      'note',
      'source',
      'occurred_at',
      'local_date',
      'received_at',
      '_topic',
      '_partition',
      '_offset',
    ],
    [
      {
        event_id: `cli-${randomUUID()}`,
        branch_id: a.branchId,
        loop_id: a.loopId,
        action_kind: a.kind,
        completed_by: a.by,
        note: a.note,
        source: 'cli',
        occurred_at: a.at,
        local_date: new Date(a.at).toISOString().slice(0, 10),
        received_at: a.at,
        _topic: '',
        _partition: 0,
        _offset: 0,
      },
    ],
  );
}

/** Records an alert once per key; returns whether it is new. Queueing the email is the caller's. */
export async function recordAlert(w: Warehouse, alert: AlertJob, now = Date.now()): Promise<boolean> {
  const [existing] = await rows<{ n: string }>(
    w,
    'SELECT count() AS n FROM alerts_v1 WHERE alert_key = {k:String}',
    {
      k: alert.key,
    },
  );
  if (Number(existing?.n ?? 0) > 0) return false;
  await insertRows(w, 'alerts_v1', ALERT_COLUMNS, [
    {
      alert_key: alert.key,
      rule: alert.rule,
      branch_id: alert.branchId,
      severity: alert.severity,
      subject: alert.subject.en,
      details: JSON.stringify(alert.figures),
      status: 'queued',
      attempts: 0,
      error: '',
      created_at: now,
      updated_at: now,
    },
  ]);
  return true;
}

/**
 * Applies the standards file: recorded once per content (a restart with the same file changes
 * nothing, so it never undoes a raise or a person's override); returns how many entries it wrote.
 */
export async function applyStandardsFile(
  w: Warehouse,
  file: { entries: FileStandard[]; contentHash: string; path: string },
  history: StandardChange[],
  at = Date.now(),
): Promise<number> {
  const todo = fileStandardsToApply(file.entries, file.contentHash, history);
  for (const e of todo)
    history.push(
      await recordStandard(w, {
        branchId: e.branchId,
        dimension: e.dimension,
        target: e.target,
        source: 'override',
        via: 'file',
        changedBy: file.path,
        reason: `standards file ${file.path} (content ${file.contentHash})`,
        contentHash: file.contentHash,
        createdAt: at,
      }),
    );
  if (todo.length > 0) await republishStandards(w, history, at);
  return todo.length;
}

/** Writes the thresholds analyst views read (analytics_config): one source for rules and views. */
export async function writeConfigFacts(w: Warehouse, c: AnalyticsConfig, at = Date.now()) {
  const s = c.complaintSla;
  await insertRows(
    w,
    'analytics_config_v1',
    ['key', 'value', 'written_at'],
    [
      { key: 'complaintSla.acknowledgeHours', value: s.acknowledgeHours, written_at: at },
      { key: 'complaintSla.resolveHours', value: s.resolveHours, written_at: at },
      { key: 'complaintSla.followUpHours', value: s.followUpHours, written_at: at },
    ],
  );
}

/** Standards set by configuration (a list, as in SERVLOOP_STANDARDS_FILE): once per content. */
export async function applyStandardOverrides(w: Warehouse, entries: FileStandard[], at = Date.now()) {
  const contentHash = createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 16);
  return applyStandardsFile(w, { entries, contentHash, path: 'configuration' }, await standardHistory(w), at);
}

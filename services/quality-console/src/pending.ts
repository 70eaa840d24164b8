// Writes the console published that ClickHouse does not show yet: a page lists them as "pending"
// until the normaliser has stored them (every console event leaves a console_audit_v1 row, so one
// lookup by event id tells). Kept in memory for an hour; after that the page shows only what is
// stored.
import type { ConsoleDb } from './db.ts';
import { lit } from './db.ts';

export interface PendingWrite {
  eventId: string;
  branchId: string;
  type: string;
  /** loop id, case id or dimension the write was about. */
  subject: string;
  summary: string;
  by: string;
  at: number;
}

const KEEP_MS = 3600_000;

export function pendingWrites() {
  const writes: PendingWrite[] = [];
  return {
    add(w: PendingWrite) {
      writes.push(w);
    },
    /** Pending writes for a branch (and subject), minus those ClickHouse now has. */
    async list(db: ConsoleDb, branchId: string, subject?: string, now = Date.now()): Promise<PendingWrite[]> {
      for (let i = writes.length - 1; i >= 0; i--) if (now - writes[i]!.at > KEEP_MS) writes.splice(i, 1);
      const mine = writes.filter(
        (w) => w.branchId === branchId && (subject === undefined || w.subject === subject),
      );
      if (mine.length === 0) return [];
      const stored = await db.rows<{ event_id: string }>(
        `SELECT event_id FROM console_audit_v1 WHERE branch_id = ${lit(branchId)} AND event_id IN (${mine.map((w) => lit(w.eventId)).join(', ')})`,
      );
      const seen = new Set(stored.map((r) => r.event_id));
      for (let i = writes.length - 1; i >= 0; i--) if (seen.has(writes[i]!.eventId)) writes.splice(i, 1);
      return mine.filter((w) => !seen.has(w.eventId));
    },
  };
}
export type PendingWrites = ReturnType<typeof pendingWrites>;

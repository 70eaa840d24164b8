// Server-side sessions: the cookie holds a random id only; the account, the CSRF token and the
// expiry live in a key-value store under a hash of the id (the store never holds a bearer token).
// Sessions end after `idleMs` without a request or `maxMs` after sign-in, whichever comes first; an
// ended session is kept a while marked as such so the login page can say "your session expired"
// instead of a bare sign-in form. In memory by default (a restart signs everyone out); the
// composition roots pass Redis so sessions survive a restart and are shared by console processes.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Account } from './accounts.ts';

export interface Session {
  id: string;
  /** Synchroniser token: every write must send it back (form field or header). */
  csrf: string;
  account: Account;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export type SessionLookup = { kind: 'ok'; session: Session } | { kind: 'expired' } | { kind: 'none' };

export interface SessionStore {
  create(account: Account): Promise<Session>;
  lookup(id: string | undefined): Promise<SessionLookup>;
  destroy(id: string): Promise<void>;
  /** Ends a session as if its time ran out (tests of the expired path). */
  expire(id: string): Promise<void>;
}

/** Values that vanish after their time to live; Redis in production (@servloop/jobs), a Map here. */
export interface ExpiringStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface SessionOptions {
  idleMs?: number;
  maxMs?: number;
  now?: () => number;
  /** Where sessions live; default: this process's memory. */
  store?: ExpiringStore;
}

export const DEFAULT_SESSION = { idleMs: 30 * 60_000, maxMs: 12 * 3600_000 };

/** How long an ended session is remembered as "expired" (for the message), after it could last. */
const REMEMBER_ENDED_MS = 3600_000;

type Stored = Omit<Session, 'id'> & { ended?: true };

export function sessionStore({
  idleMs = DEFAULT_SESSION.idleMs,
  maxMs = DEFAULT_SESSION.maxMs,
  now = Date.now,
  store = memoryExpiringStore(now),
}: SessionOptions = {}): SessionStore {
  const key = (id: string) => `session:${createHash('sha256').update(id).digest('hex')}`;
  const save = (id: string, s: Stored) =>
    store.set(key(id), JSON.stringify(s), Math.max(1, s.createdAt + maxMs + REMEMBER_ENDED_MS - now()));
  const end = async (id: string) => {
    const raw = await store.get(key(id));
    if (raw) await save(id, { ...(JSON.parse(raw) as Stored), ended: true });
  };
  return {
    async create(account) {
      const t = now();
      const id = randomBytes(32).toString('base64url');
      const s: Stored = {
        csrf: randomBytes(32).toString('base64url'),
        account,
        createdAt: t,
        lastSeenAt: t,
        expiresAt: Math.min(t + idleMs, t + maxMs),
      };
      await save(id, s);
      return { id, ...s };
    },
    async lookup(id) {
      if (!id) return { kind: 'none' };
      const raw = await store.get(key(id));
      if (!raw) return { kind: 'none' };
      const s = JSON.parse(raw) as Stored;
      const t = now();
      if (s.ended) return { kind: 'expired' };
      if (s.expiresAt <= t) {
        await save(id, { ...s, ended: true });
        return { kind: 'expired' };
      }
      const { ended: _, ...live } = s;
      const session: Session = {
        id,
        ...live,
        lastSeenAt: t,
        expiresAt: Math.min(t + idleMs, s.createdAt + maxMs),
      };
      await save(id, { ...live, lastSeenAt: session.lastSeenAt, expiresAt: session.expiresAt });
      return { kind: 'ok', session };
    },
    async destroy(id) {
      await store.delete(key(id));
    },
    expire: end,
  };
}

/** An ExpiringStore in this process's memory: expired values are swept at most once a minute. */
export function memoryExpiringStore(now: () => number = Date.now): ExpiringStore {
  const values = new Map<string, { value: string; until: number }>();
  let sweptAt = 0;
  return {
    async get(k) {
      const v = values.get(k);
      if (!v) return undefined;
      if (v.until > now()) return v.value;
      values.delete(k);
      return undefined;
    },
    async set(k, value, ttlMs) {
      const t = now();
      if (t - sweptAt > 60_000) {
        sweptAt = t;
        for (const [other, v] of values) if (v.until <= t) values.delete(other);
      }
      values.set(k, { value, until: t + ttlMs });
    },
    async delete(k) {
      values.delete(k);
    },
  };
}

/** Constant-time comparison of the CSRF token a request sent with its session's. */
export function csrfMatches(session: Session, sent: unknown): boolean {
  if (typeof sent !== 'string' || sent.length === 0) return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** What the audit trail records as "from which session": a hash, never the bearer id itself. */
export const sessionRef = (session: Session) =>
  createHash('sha256').update(session.id).digest('hex').slice(0, 16);

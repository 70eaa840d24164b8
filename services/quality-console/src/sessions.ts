// Server-side sessions: the cookie holds a random id only; the account, the CSRF token and the
// expiry live here. Sessions end after `idleMs` without a request or `maxMs` after sign-in,
// whichever comes first; an expired id is remembered for a while so the login page can say
// "your session expired" instead of a bare sign-in form. In memory: a restart signs everyone out.
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
  create(account: Account): Session;
  lookup(id: string | undefined): SessionLookup;
  destroy(id: string): void;
  /** Ends a session as if its time ran out (tests of the expired path). */
  expire(id: string): void;
}

export interface SessionOptions {
  idleMs?: number;
  maxMs?: number;
  now?: () => number;
}

export const DEFAULT_SESSION = { idleMs: 30 * 60_000, maxMs: 12 * 3600_000 };

export function sessionStore({
  idleMs = DEFAULT_SESSION.idleMs,
  maxMs = DEFAULT_SESSION.maxMs,
  now = Date.now,
}: SessionOptions = {}): SessionStore {
  const sessions = new Map<string, Session>();
  const expired = new Map<string, number>();
  const sweep = () => {
    const t = now();
    for (const [id, s] of sessions) if (s.expiresAt <= t) end(id);
    for (const [id, at] of expired) if (t - at > maxMs) expired.delete(id);
  };
  const end = (id: string) => {
    if (sessions.delete(id)) expired.set(id, now());
  };
  return {
    create(account) {
      sweep();
      const t = now();
      const session: Session = {
        id: randomBytes(32).toString('base64url'),
        csrf: randomBytes(32).toString('base64url'),
        account,
        createdAt: t,
        lastSeenAt: t,
        expiresAt: Math.min(t + idleMs, t + maxMs),
      };
      sessions.set(session.id, session);
      return session;
    },
    lookup(id) {
      if (!id) return { kind: 'none' };
      const s = sessions.get(id);
      const t = now();
      if (s && s.expiresAt > t) {
        s.lastSeenAt = t;
        s.expiresAt = Math.min(t + idleMs, s.createdAt + maxMs);
        return { kind: 'ok', session: s };
      }
      if (s) end(id);
      return expired.has(id) ? { kind: 'expired' } : { kind: 'none' };
    },
    destroy(id) {
      sessions.delete(id);
    },
    expire: end,
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

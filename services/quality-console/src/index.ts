// services/quality-console: the quality team's, regions' and branch managers' web console.
import type { EventEnvelope } from '@servloop/schemas';
import type { Lifecycle } from '@servloop/service-kit';
import type { AnalystLimits, Warehouse } from '@servloop/warehouse';
import type { AccountStore } from './accounts.ts';
import type { SignInProvider, VerifiedClaims } from './app.ts';
import { buildQualityConsole } from './console.ts';
import { CONSOLE_LIMITS, consoleDb } from './db.ts';
import {
  type ExpiringStore,
  memoryExpiringStore,
  type SessionOptions,
  type SessionStore,
  sessionStore,
} from './sessions.ts';

export {
  type Account,
  type AccountStore,
  accountProblem,
  accountStore,
  accountStoreFromFile,
  ROLES,
  type Role,
  writeAccountsFile,
} from './accounts.ts';
export {
  accountFromClaims,
  CSRF_FIELD,
  CSRF_HEADER,
  SESSION_COOKIE,
  SIGNIN_COOKIE,
  type SignInProvider,
  type VerifiedClaims,
} from './app.ts';
export { CONSOLE_LIMITS } from './db.ts';
export { oidcProvidersFromEnv, oidcSettingsFromEnv, oidcSignInProvider } from './oidc.ts';
export { ROUTES, type RouteInfo, routeUrl } from './routes.ts';
export {
  DEFAULT_SESSION,
  type ExpiringStore,
  memoryExpiringStore,
  type Session,
  type SessionStore,
  sessionStore,
} from './sessions.ts';

export interface QualityConsoleOptions {
  /** The console's own warehouse session (openWarehouse on the same URL; create: false). */
  warehouse: Warehouse;
  /** Puts an event on servloop.events.v1 (acks = all); see kafkaEventPublisher. */
  publishEvent: (envelope: EventEnvelope) => Promise<void>;
  accounts: AccountStore;
  /** Where people reach the console; default http://<host>:<port>. https → Secure cookies. */
  publicUrl?: string;
  port?: number;
  host?: string;
  providers?: SignInProvider[];
  sessions?: SessionStore | SessionOptions;
  /**
   * Where sessions and pending provider sign-ins live: Redis (@servloop/jobs redisExpiringStore)
   * so a restart keeps people signed in and console processes share them; default this process's memory.
   */
  store?: ExpiringStore;
  limits?: AnalystLimits;
  lifecycle?: Lifecycle;
  now?: () => number;
  log?: (line: string) => void;
}

export interface QualityConsole {
  /** Where it listens, e.g. http://127.0.0.1:8090. */
  url: string;
  publicUrl: string;
  sessions: SessionStore;
  /** A session for claims an external sign-in verified; `setCookie` is the Set-Cookie header value. */
  signIn(
    providerId: string,
    claims: VerifiedClaims,
  ): Promise<{ sessionId: string; csrf: string; setCookie: string }>;
  close(): Promise<void>;
}

/** Starts the console on `port` (0: any free port). */
export async function startQualityConsole(o: QualityConsoleOptions): Promise<QualityConsole> {
  const store = o.store ?? memoryExpiringStore(o.now);
  const sessions =
    o.sessions && 'lookup' in o.sessions
      ? o.sessions
      : sessionStore({ now: o.now, ...((o.sessions as SessionOptions | undefined) ?? {}), store });
  const host = o.host ?? '127.0.0.1';
  const deps = {
    db: consoleDb(o.warehouse, o.limits ?? CONSOLE_LIMITS),
    publishEvent: o.publishEvent,
    accounts: o.accounts,
    sessions,
    signIns: store,
    publicUrl: o.publicUrl ?? '',
    providers: o.providers,
    lifecycle: o.lifecycle,
    now: o.now,
    log: o.log,
  };
  const built = buildQualityConsole(deps);
  const address = await built.app.listen({ port: o.port ?? 0, host });
  const url = address.replace('[::1]', '127.0.0.1');
  deps.publicUrl = (o.publicUrl ?? url).replace(/\/$/, '');
  if (o.lifecycle) o.lifecycle.ready = true;
  return {
    url,
    publicUrl: deps.publicUrl,
    sessions,
    async signIn(providerId, claims) {
      const { session, setCookie } = await built.signIn(providerId, claims);
      return { sessionId: session.id, csrf: session.csrf, setCookie };
    },
    async close() {
      if (o.lifecycle) o.lifecycle.ready = false;
      await built.app.close();
    },
  };
}

/** publishEvent over a @servloop/kafka Publisher: the same record shape the gateway produces. */
export { kafkaEventPublisher } from './publish.ts';

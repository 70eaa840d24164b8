// Every route the console serves, in one list: the app registers from it and the scope test walks
// it (each route with a branch in its path must answer 404 for a branch outside the caller's
// scope). Params: :branchId, :loopId, :caseId. A staff account may use only the routes marked
// `staff` ('only': staff alone; 'also': everyone signed in); every other route is a 404 for it.

export type RouteKind = 'page' | 'json' | 'csv' | 'form' | 'public';

export interface RouteInfo {
  method: 'GET' | 'POST';
  path: string;
  kind: RouteKind;
  /** HQ only (others get 404). */
  hqOnly?: boolean;
  /** Open to a staff account ('also') or to staff accounts alone ('only'); unmarked: not for staff. */
  staff?: 'only' | 'also';
  what: string;
}

export const ROUTES = [
  { method: 'GET', path: '/login', kind: 'public', what: 'sign-in form (and OIDC provider buttons)' },
  { method: 'POST', path: '/login', kind: 'public', what: 'local sign-in: username, password' },
  { method: 'GET', path: '/login/:provider', kind: 'public', what: 'start sign-in with a provider' },
  { method: 'GET', path: '/login/:provider/callback', kind: 'public', what: 'provider callback → session' },
  { method: 'POST', path: '/logout', kind: 'form', staff: 'also', what: 'end the session' },
  {
    method: 'GET',
    path: '/',
    kind: 'page',
    staff: 'also',
    what: 'redirect to the network page (branch accounts: their branch; staff: /me)',
  },
  {
    method: 'GET',
    path: '/network',
    kind: 'page',
    what: 'branches ranked by shrunk NPS; ?region=&days=&sort=',
  },
  { method: 'GET', path: '/api/network', kind: 'json', what: 'the network page as JSON' },
  { method: 'GET', path: '/network.csv', kind: 'csv', what: 'the network page as CSV' },
  { method: 'GET', path: '/branches/:branchId', kind: 'page', what: 'one branch; ?days=' },
  { method: 'GET', path: '/api/branches/:branchId', kind: 'json', what: 'the branch page as JSON' },
  { method: 'GET', path: '/branches/:branchId/nps.csv', kind: 'csv', what: 'daily NPS of a branch as CSV' },
  {
    method: 'GET',
    path: '/branches/:branchId/floor',
    kind: 'page',
    what: 'window and staff scorecards, what waiting costs, key drivers; ?period=week|month&start=',
  },
  { method: 'GET', path: '/api/branches/:branchId/floor', kind: 'json', what: 'the floor page as JSON' },
  {
    method: 'GET',
    path: '/branches/:branchId/floor.csv',
    kind: 'csv',
    what: 'the floor scorecards of the period as CSV',
  },
  { method: 'GET', path: '/branches/:branchId/loops/:loopId', kind: 'page', what: 'one improvement loop' },
  { method: 'GET', path: '/api/branches/:branchId/loops/:loopId', kind: 'json', what: 'the loop as JSON' },
  {
    method: 'POST',
    path: '/branches/:branchId/loops/:loopId/actions',
    kind: 'form',
    what: 'complete an action: action, note? → loop.action_completed',
  },
  {
    method: 'POST',
    path: '/branches/:branchId/loops/:loopId/notes',
    kind: 'form',
    what: 'add a note: note → loop.note_added',
  },
  {
    method: 'POST',
    path: '/branches/:branchId/standards',
    kind: 'form',
    what: 'override a standard: dimension, target (1–5), reason → standard.overridden',
  },
  {
    method: 'GET',
    path: '/callbacks',
    kind: 'page',
    what: 'call-back cases in scope; ?status=open|closed|all',
  },
  { method: 'GET', path: '/api/callbacks', kind: 'json', what: 'the cases as JSON' },
  { method: 'GET', path: '/callbacks.csv', kind: 'csv', what: 'the cases as CSV' },
  { method: 'GET', path: '/branches/:branchId/cases/:caseId', kind: 'page', what: 'one case' },
  {
    method: 'POST',
    path: '/branches/:branchId/cases/:caseId/outcome',
    kind: 'form',
    what: 'log a call-back outcome: outcome, note → complaint.callback',
  },
  {
    method: 'GET',
    path: '/me',
    kind: 'page',
    staff: 'only',
    what: "a staff account's own scorecard (staff only); ?period=week|month&start=",
  },
  { method: 'GET', path: '/audit', kind: 'page', hqOnly: true, what: 'every console write (HQ)' },
  { method: 'GET', path: '/api/audit', kind: 'json', hqOnly: true, what: 'the audit trail as JSON (HQ)' },
] as const satisfies readonly RouteInfo[];

/** A route path with its params filled in. */
export function routeUrl(path: string, params: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`route ${path}: no value for :${name}`);
    return encodeURIComponent(v);
  });
}

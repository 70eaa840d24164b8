// Which console role (and region or branch) a person signed in through OpenID Connect gets, from
// the claims their provider verified. The organisation's own role names map to the console's
// roles (SERVLOOP_OIDC_ROLES); a person with none of them, a region/branch role without the
// region/branch claim, or a staff role without both the branch and the staff claim (their
// pseudonym), is refused: nobody gets in with a guessed or empty scope.
import type { Role } from './accounts.ts';
import { ID } from './db.ts';

export interface OidcRoleMapping {
  /** The claim holding the role: a string, or a list of strings (e.g. groups). */
  roleClaim: string;
  /** The provider's role value → console role. */
  roles: ReadonlyMap<string, Role>;
  regionClaim: string;
  branchClaim: string;
  /** The staff pseudonym of a staff account (the id on their visits). */
  staffClaim: string;
}

export type OidcRoleDecision =
  | { ok: true; role: Role; region?: string; branchId?: string; staffId?: string }
  | { ok: false; reason: string };

/** When a person holds several mapped roles, the widest one counts (what their groups say). */
const WIDTH: Record<Role, number> = { hq: 3, region: 2, branch: 1, staff: 0 };

export function decideOidcRole(claims: Record<string, unknown>, mapping: OidcRoleMapping): OidcRoleDecision {
  const raw = claims[mapping.roleClaim];
  const values = (Array.isArray(raw) ? raw : [raw]).filter(
    (v): v is string => typeof v === 'string' && v !== '',
  );
  const roles = values.flatMap((v) => {
    const role = mapping.roles.get(v);
    return role ? [role] : [];
  });
  if (roles.length === 0)
    return {
      ok: false,
      reason:
        values.length === 0
          ? `没有控制台角色：身份提供方未给出 ${mapping.roleClaim} / no console role: the provider sent no ${mapping.roleClaim} claim`
          : `没有控制台角色：${mapping.roleClaim} = ${values.join(', ')} 不对应任何角色 / no console role: ${mapping.roleClaim} = ${values.join(', ')} maps to none`,
    };
  const role = roles.reduce((a, b) => (WIDTH[b] > WIDTH[a] ? b : a));
  if (role === 'hq') return { ok: true, role };
  const claim = role === 'region' ? mapping.regionClaim : mapping.branchClaim;
  const value = claims[claim];
  if (typeof value !== 'string' || value.trim() === '')
    return {
      ok: false,
      reason: `角色 ${role} 需要 ${claim}，身份提供方未给出 / role ${role} needs a ${claim} claim, which the provider did not send`,
    };
  if (role === 'region') return { ok: true, role, region: value.trim() };
  if (!ID.test(value))
    return { ok: false, reason: `${claim} = ${value} 不是有效的营业厅编号 / is not a branch id` };
  if (role === 'branch') return { ok: true, role, branchId: value };
  const staffId = claims[mapping.staffClaim];
  if (typeof staffId !== 'string' || !ID.test(staffId))
    return {
      ok: false,
      reason: `角色 staff 需要有效的 ${mapping.staffClaim}(员工编号),身份提供方未给出 / role staff needs a valid ${mapping.staffClaim} claim (the staff pseudonym), which the provider did not send`,
    };
  return { ok: true, role, branchId: value, staffId };
}

/** `quality-hq=hq,region-manager=region,teller=staff` → map; an unknown console role is a configuration error. */
export function parseRoleMap(text: string): Map<string, Role> {
  const map = new Map<string, Role>();
  for (const pair of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = pair.lastIndexOf('=');
    const from = pair.slice(0, at).trim();
    const to = pair.slice(at + 1).trim();
    if (at <= 0 || !from) throw new Error(`SERVLOOP_OIDC_ROLES: "${pair}" is not provider-role=console-role`);
    if (to !== 'hq' && to !== 'region' && to !== 'branch' && to !== 'staff')
      throw new Error(`SERVLOOP_OIDC_ROLES: "${pair}": the console role must be hq, region, branch or staff`);
    map.set(from, to);
  }
  return map;
}

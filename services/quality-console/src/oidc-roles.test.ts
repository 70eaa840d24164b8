import { describe, expect, it } from 'vitest';
import { decideOidcRole, type OidcRoleMapping, parseRoleMap } from './oidc-roles.ts';

const mapping: OidcRoleMapping = {
  roleClaim: 'servloop_role',
  roles: parseRoleMap('quality-hq=hq, region-manager=region, branch-manager=branch, teller=staff'),
  regionClaim: 'servloop_region',
  branchClaim: 'servloop_branch',
  staffClaim: 'servloop_staff',
};

describe('decideOidcRole', () => {
  it('maps a staff role to the branch and the staff pseudonym, and refuses it without either', () => {
    expect(
      decideOidcRole(
        { servloop_role: 'teller', servloop_branch: 'B001', servloop_staff: 'B001-S2' },
        mapping,
      ),
    ).toEqual({ ok: true, role: 'staff', branchId: 'B001', staffId: 'B001-S2' });
    const noStaff = decideOidcRole({ servloop_role: 'teller', servloop_branch: 'B001' }, mapping);
    expect(noStaff).toMatchObject({ ok: false });
    expect(!noStaff.ok && noStaff.reason).toContain('servloop_staff');
    expect(decideOidcRole({ servloop_role: 'teller', servloop_staff: 'B001-S2' }, mapping)).toMatchObject({
      ok: false,
    });
    expect(
      decideOidcRole(
        { servloop_role: 'teller', servloop_branch: 'B001', servloop_staff: 'S2; DROP' },
        mapping,
      ),
    ).toMatchObject({ ok: false });
    // A branch manager who is also on a window's rota signs in as the manager (the wider role).
    expect(
      decideOidcRole(
        { servloop_role: ['teller', 'branch-manager'], servloop_branch: 'B001', servloop_staff: 'B001-S2' },
        mapping,
      ),
    ).toEqual({ ok: true, role: 'branch', branchId: 'B001' });
  });

  it('maps the provider role to the console role with its region or branch', () => {
    expect(decideOidcRole({ servloop_role: 'quality-hq' }, mapping)).toEqual({ ok: true, role: 'hq' });
    expect(decideOidcRole({ servloop_role: 'region-manager', servloop_region: '华东' }, mapping)).toEqual({
      ok: true,
      role: 'region',
      region: '华东',
    });
    expect(decideOidcRole({ servloop_role: 'branch-manager', servloop_branch: 'B001' }, mapping)).toEqual({
      ok: true,
      role: 'branch',
      branchId: 'B001',
    });
  });

  it('takes the widest of several mapped roles in a list claim and ignores unmapped ones', () => {
    const claims = {
      servloop_role: ['staff', 'branch-manager', 'region-manager'],
      servloop_region: '华南',
      servloop_branch: 'B002',
    };
    expect(decideOidcRole(claims, mapping)).toEqual({ ok: true, role: 'region', region: '华南' });
  });

  it('refuses a person with no role, an unknown role, or a scope claim missing', () => {
    expect(decideOidcRole({}, mapping)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('no servloop_role claim'),
    });
    expect(decideOidcRole({ servloop_role: 'auditor' }, mapping)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('servloop_role = auditor maps to none'),
    });
    expect(decideOidcRole({ servloop_role: 'region-manager' }, mapping)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('needs a servloop_region claim'),
    });
    expect(decideOidcRole({ servloop_role: 'branch-manager', servloop_branch: ' ' }, mapping)).toMatchObject({
      ok: false,
    });
    expect(
      decideOidcRole({ servloop_role: 'branch-manager', servloop_branch: 'B 1; DROP' }, mapping),
    ).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not a branch id'),
    });
  });
});

describe('parseRoleMap', () => {
  it('reads provider-role=console-role pairs; a provider role may itself contain "="', () => {
    expect([...parseRoleMap(' group=hq=hq , region=region,')]).toEqual([
      ['group=hq', 'hq'],
      ['region', 'region'],
    ]);
  });

  it('rejects a console role that does not exist', () => {
    expect(() => parseRoleMap('admins=admin')).toThrow(/must be hq, region, branch or staff/);
    expect(() => parseRoleMap('=hq')).toThrow(/not provider-role=console-role/);
  });
});

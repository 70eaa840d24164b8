// OpenID Connect sign-in for organisations, plugged into the console's sign-in hook
// (SignInProvider: GET /login/oidc and /login/oidc/callback). Configured from the environment:
//   SERVLOOP_OIDC_ISSUER         the provider's issuer URL (https; http only on localhost)
//   SERVLOOP_OIDC_CLIENT_ID      the console's client at the provider
//   SERVLOOP_OIDC_CLIENT_SECRET  its secret (sent as client_secret_post)
//   SERVLOOP_OIDC_SCOPES         default "openid email profile"
//   SERVLOOP_OIDC_ROLE_CLAIM     the claim carrying the role (a string or a list), default servloop_role
//   SERVLOOP_OIDC_ROLES          provider role → console role, default "hq=hq,region=region,branch=branch,staff=staff"
//   SERVLOOP_OIDC_REGION_CLAIM   the region of a region account, default servloop_region
//   SERVLOOP_OIDC_BRANCH_CLAIM   the branch id of a branch or staff account, default servloop_branch
//   SERVLOOP_OIDC_STAFF_CLAIM    the staff pseudonym of a staff account, default servloop_staff
//   SERVLOOP_OIDC_LABEL          the button's text on the sign-in page (default 单位账号登录 / organisation sign-in)
// The redirect URI to register at the provider is <public URL>/login/oidc/callback.
import { createOidcSignIn, type PendingSignIn } from '@servloop/oidc-signin';
import type { SignInProvider } from './app.ts';
import { decideOidcRole, type OidcRoleMapping, parseRoleMap } from './oidc-roles.ts';

export interface OidcConsoleSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  mapping: OidcRoleMapping;
  label?: string;
}

/** The settings when SERVLOOP_OIDC_ISSUER is set; undefined when OIDC is off; throws on a partial setup. */
export function oidcSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): OidcConsoleSettings | undefined {
  const issuer = env.SERVLOOP_OIDC_ISSUER?.trim();
  if (!issuer) return undefined;
  const missing = ['SERVLOOP_OIDC_CLIENT_ID', 'SERVLOOP_OIDC_CLIENT_SECRET'].filter(
    (name) => !env[name]?.trim(),
  );
  if (missing.length)
    throw new Error(
      `SERVLOOP_OIDC_ISSUER is set but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not`,
    );
  return {
    issuer,
    clientId: env.SERVLOOP_OIDC_CLIENT_ID!.trim(),
    clientSecret: env.SERVLOOP_OIDC_CLIENT_SECRET!.trim(),
    scopes: (env.SERVLOOP_OIDC_SCOPES ?? 'openid email profile').split(/[\s,]+/).filter(Boolean),
    mapping: {
      roleClaim: env.SERVLOOP_OIDC_ROLE_CLAIM?.trim() || 'servloop_role',
      roles: parseRoleMap(env.SERVLOOP_OIDC_ROLES ?? 'hq=hq,region=region,branch=branch,staff=staff'),
      regionClaim: env.SERVLOOP_OIDC_REGION_CLAIM?.trim() || 'servloop_region',
      branchClaim: env.SERVLOOP_OIDC_BRANCH_CLAIM?.trim() || 'servloop_branch',
      staffClaim: env.SERVLOOP_OIDC_STAFF_CLAIM?.trim() || 'servloop_staff',
    },
    label: env.SERVLOOP_OIDC_LABEL?.trim() || undefined,
  };
}

export function oidcSignInProvider(settings: OidcConsoleSettings): SignInProvider {
  const signIn = createOidcSignIn({
    issuer: settings.issuer,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    scopes: settings.scopes,
  });
  return {
    id: 'oidc',
    label: {
      zh: settings.label ?? '单位账号登录 (OIDC)',
      en: settings.label ?? 'Sign in with your organisation (OIDC)',
    },
    async start({ redirectUri }) {
      const { authorizationUrl, pending } = await signIn.start(redirectUri);
      return { url: authorizationUrl, pending };
    },
    async finish({ callbackUrl, pending }) {
      const identity = await signIn.finish(callbackUrl, pending as PendingSignIn);
      const decision = decideOidcRole(identity.claims, settings.mapping);
      if (!decision.ok) throw new Error(decision.reason);
      return {
        subject: identity.subject,
        email: identity.email,
        role: decision.role,
        region: decision.region,
        branchId: decision.branchId,
        staffId: decision.staffId,
      };
    },
  };
}

/** The sign-in providers the environment configures: OIDC when SERVLOOP_OIDC_ISSUER is set, else none. */
export function oidcProvidersFromEnv(env: NodeJS.ProcessEnv = process.env): SignInProvider[] {
  const settings = oidcSettingsFromEnv(env);
  return settings ? [oidcSignInProvider(settings)] : [];
}

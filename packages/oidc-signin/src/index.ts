// OpenID Connect sign-in (authorization code flow with PKCE, state and nonce) through
// openid-client, the one place that imports it. Callers get plain strings and claims back; no
// openid-client type leaves this file.
import * as oidc from 'openid-client';

export interface OidcSettings {
  /** The provider's issuer URL; its /.well-known/openid-configuration is read on first use. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Default: openid email profile. */
  scopes?: string[];
  /**
   * Allow plain-HTTP provider URLs. Default: only for a provider on localhost / 127.0.0.1 (tests and
   * local demos); any other issuer must be HTTPS.
   */
  allowHttp?: boolean;
}

/** What the caller keeps (server-side or in a protected cookie) between start() and finish(). */
export interface PendingSignIn {
  /** Where the provider sends the browser back, e.g. https://console.example.cn/login/oidc/callback. */
  redirectUri: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  email?: string;
  name?: string;
  /** Every claim of the ID token, merged with the userinfo response (role and scope claims live here). */
  claims: Record<string, unknown>;
}

export type OidcFailure =
  /** The provider could not be reached or its discovery document is unusable. */
  | 'provider_unreachable'
  /** The provider answered the sign-in with an error (e.g. the person declined). */
  | 'provider_refused'
  /** The callback does not belong to this sign-in (state, nonce, PKCE or signature check failed). */
  | 'invalid_callback';

export class OidcSignInError extends Error {
  constructor(
    readonly failure: OidcFailure,
    message: string,
  ) {
    super(message);
    this.name = 'OidcSignInError';
  }
}

export interface OidcSignIn {
  /** The provider's authorization URL to redirect the browser to, and what finish() needs later. */
  start(redirectUri: string): Promise<{ authorizationUrl: string; pending: PendingSignIn }>;
  /** Checks the callback URL (state, code exchange with PKCE, ID token signature and nonce) and returns who signed in. */
  finish(callbackUrl: string | URL, pending: PendingSignIn): Promise<VerifiedIdentity>;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function createOidcSignIn(settings: OidcSettings): OidcSignIn {
  const issuer = new URL(settings.issuer);
  const allowHttp = settings.allowHttp ?? LOCAL_HOSTS.has(issuer.hostname);
  if (issuer.protocol !== 'https:' && !allowHttp)
    throw new Error(
      `OIDC issuer ${settings.issuer} must use https (plain http is only allowed for localhost)`,
    );
  const scope = (settings.scopes ?? ['openid', 'email', 'profile']).join(' ');
  // Discovery happens on first use and is retried on the next sign-in if the provider was down,
  // so the console starts even while the provider is unreachable.
  let configuration: Promise<oidc.Configuration> | undefined;
  const discover = () => {
    configuration ??= oidc
      .discovery(issuer, settings.clientId, undefined, oidc.ClientSecretPost(settings.clientSecret), {
        execute: allowHttp ? [oidc.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        configuration = undefined;
        throw new OidcSignInError(
          'provider_unreachable',
          `OIDC discovery at ${settings.issuer} failed: ${describe(error)}`,
        );
      });
    return configuration;
  };

  return {
    async start(redirectUri) {
      const config = await discover();
      const pending: PendingSignIn = {
        redirectUri,
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
      };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope,
        response_type: 'code',
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
      });
      return { authorizationUrl: url.href, pending };
    },

    async finish(callbackUrl, pending) {
      const config = await discover();
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(
          config,
          new URL(callbackUrl),
          {
            pkceCodeVerifier: pending.codeVerifier,
            expectedState: pending.state,
            expectedNonce: pending.nonce,
            idTokenExpected: true,
          },
          { redirect_uri: pending.redirectUri },
        );
      } catch (error) {
        if (error instanceof oidc.AuthorizationResponseError)
          throw new OidcSignInError(
            'provider_refused',
            `the provider refused the sign-in: ${error.error}${error.error_description ? ` (${error.error_description})` : ''}`,
          );
        if (isNetworkError(error))
          throw new OidcSignInError('provider_unreachable', `OIDC token request failed: ${describe(error)}`);
        throw new OidcSignInError(
          'invalid_callback',
          `the sign-in callback did not verify: ${describe(error)}`,
        );
      }
      const idToken = tokens.claims();
      if (!idToken) throw new OidcSignInError('invalid_callback', 'the provider returned no ID token');
      const claims: Record<string, unknown> = { ...idToken };
      // Many providers keep profile, e-mail and role claims out of the ID token and serve them
      // from userinfo only (OIDC core §5.4); read it when there is one, for the same subject.
      if (config.serverMetadata().userinfo_endpoint) {
        try {
          Object.assign(claims, await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub), {
            sub: idToken.sub,
          });
        } catch (error) {
          throw new OidcSignInError(
            'invalid_callback',
            `the userinfo response did not verify: ${describe(error)}`,
          );
        }
      }
      return {
        issuer: idToken.iss,
        subject: idToken.sub,
        email: typeof claims.email === 'string' ? claims.email : undefined,
        name: typeof claims.name === 'string' ? claims.name : undefined,
        claims,
      };
    },
  };
}

function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError && /fetch failed/i.test(error.message);
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${typeof code === 'string' ? ` [${code}]` : ''}${cause}`;
}

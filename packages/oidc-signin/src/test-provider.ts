// A real OpenID Connect provider (oidc-provider) on a local port, for tests of the sign-in: one
// confidential client, accounts with role and region/branch claims, and oidc-provider's built-in
// login and consent pages (the login name is the account id; any password is accepted — this
// tests our side of the flow, not the provider's password checks). Test support only.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestAccount {
  email?: string;
  name?: string;
  /** Released with the `servloop` scope, e.g. { servloop_role: 'region-manager', servloop_region: '华东' }. */
  [claim: string]: unknown;
}

export interface TestOidcProviderOptions {
  clientId: string;
  clientSecret: string;
  /** A function when the client's address is known only after the provider started (read at the first request). */
  redirectUris: string[] | (() => string[]);
  /** Account id (what is typed as the login name) → its claims. */
  accounts: Record<string, TestAccount>;
  /** Claims released with the `servloop` scope (default: servloop_role, servloop_region, servloop_branch). */
  customClaims?: string[];
  port?: number;
}

export interface TestOidcProvider {
  issuer: string;
  close(): Promise<void>;
}

export async function startTestOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const customClaims = options.customClaims ?? ['servloop_role', 'servloop_region', 'servloop_branch'];

  const configure = () =>
    new Provider(issuer, {
      clients: [
        {
          client_id: options.clientId,
          client_secret: options.clientSecret,
          redirect_uris:
            typeof options.redirectUris === 'function' ? options.redirectUris() : options.redirectUris,
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      claims: {
        openid: ['sub'],
        email: ['email', 'email_verified'],
        profile: ['name'],
        servloop: customClaims,
      },
      async findAccount(_context, id) {
        const account = options.accounts[id];
        if (!account) return undefined;
        return {
          accountId: id,
          claims: async () => ({ sub: id, email_verified: account.email !== undefined, ...account }),
        };
      },
      cookies: { keys: [randomBytes(32).toString('hex')] },
      jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' }] },
      features: { devInteractions: { enabled: true } },
      // Short lives set explicitly (the defaults print a notice per artifact kind).
      ttl: {
        Interaction: 600,
        Session: 3600,
        Grant: 3600,
        AccessToken: 600,
        IdToken: 600,
        AuthorizationCode: 60,
      },
    });
  let handle: ReturnType<Provider['callback']> | undefined;
  server.on('request', (request, response) => {
    handle ??= configure().callback();
    handle(request, response);
  });

  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Signs in through the provider's own login and consent pages with plain HTTP requests, as a
 * browser would: follows redirects with a cookie jar, submits each page's form. Returns the URL the
 * provider finally redirects to (the client's callback with code and state) without requesting it.
 */
export async function signInWithPlainHttp(
  authorizationUrl: string,
  login: string,
  callbackPrefix: string,
): Promise<string> {
  const jar = new Map<string, string>();
  let request: { url: string; method: 'GET' | 'POST'; body?: URLSearchParams } = {
    url: authorizationUrl,
    method: 'GET',
  };
  for (let hop = 0; hop < 20; hop++) {
    const response = await fetch(request.url, {
      method: request.method,
      body: request.body,
      redirect: 'manual',
      headers: { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, request.url).href;
      if (next.startsWith(callbackPrefix)) return next;
      request = { url: next, method: 'GET' };
      continue;
    }
    const html = await response.text();
    const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
    if (!form?.[1])
      throw new Error(
        `no redirect and no form at ${request.url} (${response.status}): ${html.slice(0, 300)}`,
      );
    const fields = new URLSearchParams();
    for (const input of (form[2] ?? '').matchAll(/<input[^>]*>/g)) {
      const name = /name="([^"]+)"/.exec(input[0])?.[1];
      if (!name) continue;
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
      fields.set(name, name === 'login' ? login : name === 'password' ? 'any' : value);
    }
    request = { url: new URL(form[1], request.url).href, method: 'POST', body: fields };
  }
  throw new Error('the sign-in did not reach the callback within 20 requests');
}

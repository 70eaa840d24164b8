// The sign-in against a real OpenID Connect provider (oidc-provider) started on a local port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOidcSignIn, type OidcSettings, OidcSignInError } from './index.js';
import { signInWithPlainHttp, startTestOidcProvider, type TestOidcProvider } from './test-provider.js';

const REDIRECT = 'http://127.0.0.1:9/login/oidc/callback';
let provider: TestOidcProvider;
let settings: OidcSettings;

beforeAll(async () => {
  provider = await startTestOidcProvider({
    clientId: 'quality-console',
    clientSecret: 'console-secret',
    redirectUris: [REDIRECT],
    accounts: {
      'li.region': {
        email: 'li@example.cn',
        name: '李华',
        servloop_role: 'region-manager',
        servloop_region: '华东',
      },
    },
  });
  settings = {
    issuer: provider.issuer,
    clientId: 'quality-console',
    clientSecret: 'console-secret',
    scopes: ['openid', 'email', 'profile', 'servloop'],
  };
});

afterAll(async () => {
  await provider?.close();
});

describe('OIDC sign-in against oidc-provider', () => {
  it('returns the verified subject, e-mail, name and role/region claims', async () => {
    const signIn = createOidcSignIn(settings);
    const { authorizationUrl, pending } = await signIn.start(REDIRECT);
    const url = new URL(authorizationUrl);
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toBe(pending.state);
    expect(url.searchParams.get('nonce')).toBe(pending.nonce);
    expect(url.searchParams.get('code_challenge')).not.toBe(pending.codeVerifier);

    const callback = await signInWithPlainHttp(authorizationUrl, 'li.region', REDIRECT);
    const identity = await signIn.finish(callback, pending);
    expect(identity).toMatchObject({
      issuer: provider.issuer,
      subject: 'li.region',
      email: 'li@example.cn',
      name: '李华',
      claims: { servloop_role: 'region-manager', servloop_region: '华东' },
    });
  });

  it('refuses a callback whose state belongs to another sign-in', async () => {
    const signIn = createOidcSignIn(settings);
    const first = await signIn.start(REDIRECT);
    const second = await signIn.start(REDIRECT);
    const callback = await signInWithPlainHttp(first.authorizationUrl, 'li.region', REDIRECT);
    await expect(signIn.finish(callback, second.pending)).rejects.toMatchObject({
      failure: 'invalid_callback',
    });
  });

  it('refuses a callback whose PKCE verifier or nonce does not match', async () => {
    const signIn = createOidcSignIn(settings);
    const { authorizationUrl, pending } = await signIn.start(REDIRECT);
    const callback = await signInWithPlainHttp(authorizationUrl, 'li.region', REDIRECT);
    await expect(
      signIn.finish(callback, { ...pending, codeVerifier: `${pending.codeVerifier}x` }),
    ).rejects.toMatchObject({
      failure: 'invalid_callback',
    });

    const again = await signIn.start(REDIRECT);
    const secondCallback = await signInWithPlainHttp(again.authorizationUrl, 'li.region', REDIRECT);
    await expect(
      signIn.finish(secondCallback, { ...again.pending, nonce: 'another-nonce' }),
    ).rejects.toMatchObject({
      failure: 'invalid_callback',
    });
  });

  it('refuses a code used twice', async () => {
    const signIn = createOidcSignIn(settings);
    const { authorizationUrl, pending } = await signIn.start(REDIRECT);
    const callback = await signInWithPlainHttp(authorizationUrl, 'li.region', REDIRECT);
    await signIn.finish(callback, pending);
    await expect(signIn.finish(callback, pending)).rejects.toBeInstanceOf(OidcSignInError);
  });

  it('reports a provider error on the callback (the person declined)', async () => {
    const signIn = createOidcSignIn(settings);
    const { pending } = await signIn.start(REDIRECT);
    const callback = `${REDIRECT}?error=access_denied&error_description=End-User+aborted&state=${pending.state}&iss=${encodeURIComponent(provider.issuer)}`;
    await expect(signIn.finish(callback, pending)).rejects.toMatchObject({
      failure: 'provider_refused',
      message: expect.stringContaining('access_denied'),
    });
  });

  it('reports an unreachable provider, and tries discovery again on the next sign-in', async () => {
    const down = createOidcSignIn({ ...settings, issuer: 'http://127.0.0.1:9' });
    await expect(down.start(REDIRECT)).rejects.toMatchObject({ failure: 'provider_unreachable' });
    await expect(down.start(REDIRECT)).rejects.toMatchObject({ failure: 'provider_unreachable' });
  });

  it('insists on https for a provider that is not on this machine', () => {
    expect(() => createOidcSignIn({ ...settings, issuer: 'http://idp.example.cn' })).toThrow(
      /must use https/,
    );
  });
});

import request from 'supertest';
import type { Config } from '../../src/config/schema.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { TestClock } from '../support/clock.js';
import { testConfig } from '../support/config.js';
import { TestOidcProvider } from '../support/oidc-provider.js';
import { sessionCookie } from './cookies.js';
import { TEST_BASE_URL } from './saml-setup.js';

/** An app with an Edifice connector (and a generic OIDC one) wired to a running test provider. */
export interface OidcFixture {
  readonly provider: TestOidcProvider;
  readonly testApp: TestApp;
  readonly clock: TestClock;
  /** Starts a sign-in as a browser would; returns the provider URL and the browser's cookie. */
  startSignIn(connectorId?: string, next?: string): Promise<{ location: string; cookie: string }>;
  /** A whole sign-in through the provider; returns e-carnet's callback answer and the cookie it set. */
  signIn(login: string, connectorId?: string): Promise<{ response: request.Response; cookie: string }>;
  /** Calls e-carnet's callback with a URL the provider sent back. */
  callback(url: URL, cookie: string): Promise<request.Response>;
  stop(): Promise<void>;
}


export async function startOidcFixture(options: { schools?: string[]; baseUrl?: string; adjust?: (config: Config) => Config } = {}): Promise<OidcFixture> {
  const baseUrl = options.baseUrl ?? TEST_BASE_URL;
  const provider = await new TestOidcProvider().start(
    [`${baseUrl}/auth/oidc/edifice/callback`, `${baseUrl}/auth/oidc/ent-generic/callback`],
    [`${baseUrl}/sign-in?signedOut=1`],
  );
  const common = { issuer: provider.url, clientId: provider.clientId, clientSecretEnv: 'ECARNET_TEST_OIDC_SECRET', allowInsecureHttp: true };
  const config: Config = {
    ...testConfig({ ECARNET_BASE_URL: baseUrl }),
    connectors: [
      { id: 'edifice', type: 'edifice', enabled: true, displayName: 'Mon ENT', schools: options.schools ?? [], options: common },
      { id: 'ent-generic', type: 'oidc', enabled: true, schools: [], options: { ...common, scopes: ['openid', 'profile', 'email'] } },
    ],
    secrets: { ECARNET_TEST_OIDC_SECRET: provider.clientSecret },
  };
  const clock = new TestClock(new Date());
  const testApp = createTestApp({ config: options.adjust ? options.adjust(config) : config, clock });

  const fixture: OidcFixture = {
    provider,
    testApp,
    clock,
    async startSignIn(connectorId = 'edifice', next = '/home') {
      const response = await request(testApp.app).get(`/auth/oidc/${connectorId}/login?next=${encodeURIComponent(next)}`);
      if (response.status !== 303) throw new Error(`login answered ${response.status}: ${response.text.slice(0, 200)}`);
      return { location: String(response.headers.location), cookie: sessionCookie(response) ?? '' };
    },
    callback(url, cookie) {
      return request(testApp.app).get(`${url.pathname}${url.search}`).set('Cookie', cookie).set('Accept', 'application/json');
    },
    async signIn(login, connectorId = 'edifice') {
      const { location, cookie } = await fixture.startSignIn(connectorId);
      const response = await fixture.callback(await provider.authorize(location, login), cookie);
      return { response, cookie: sessionCookie(response) ?? cookie };
    },
    stop: () => provider.stop(),
  };
  return fixture;
}

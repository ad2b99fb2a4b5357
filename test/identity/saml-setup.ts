import request from 'supertest';
import type { Config } from '../../src/config/schema.js';
import type { ConnectorEntry } from '../../src/config/file-schema.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { TestClock } from '../support/clock.js';
import { testConfig } from '../support/config.js';
import { TestSamlIdp } from '../support/saml-idp.js';
import { makeTestKeyPair, type TestKeyPair } from '../support/test-certificate.js';

/** The public URL of the module in HTTP tests (supertest needs no real port). */
export const TEST_BASE_URL = 'http://e-carnet.test';

/** An app with a SAML connector wired to a running test IdP, and their clocks agreeing. */
export interface SamlFixture {
  readonly idp: TestSamlIdp;
  readonly testApp: TestApp;
  readonly clock: TestClock;
  readonly spKeys: TestKeyPair;
  readonly connectorId: string;
  readonly acsPath: string;
  /** Starts a sign-in in the test's browser (it keeps the request's binding cookie); returns the IdP URL the browser is sent to. */
  startSignIn(next?: string): Promise<string>;
  /** Posts a SAMLResponse to the ACS as the test's browser would (its binding cookies, and `cookie` if given). */
  postResponse(samlResponse: string, cookie?: string): Promise<request.Response>;
  /** Posts a SAMLResponse to the ACS from another browser: without the binding cookies of the sign-ins started above. */
  postResponseFromAnotherBrowser(samlResponse: string, cookie?: string): Promise<request.Response>;
  /** Follows a redirect (e.g. to the same-site confirmation) as the test's browser, or as another one. */
  follow(location: string, browser?: 'same' | 'other'): Promise<request.Response>;
  stop(): Promise<void>;
}

export interface SamlFixtureOptions {
  readonly type?: 'educonnect' | 'saml';
  readonly connectorId?: string;
  /** Encrypt assertions for the SP (default true, as ÉduConnect does). */
  readonly encrypt?: boolean;
  readonly acceptUnsignedResponseEnvelope?: boolean;
  readonly schools?: string[];
  readonly extraOptions?: Record<string, unknown>;
  readonly baseUrl?: string;
}

/** The connector entry of ECARNET_CONFIG for a test IdP. */
export function samlConnectorEntry(
  idp: TestSamlIdp,
  spKeys: TestKeyPair,
  encryptionKeys: TestKeyPair | undefined,
  options: SamlFixtureOptions,
): ConnectorEntry {
  return {
    id: options.connectorId ?? 'educonnect',
    type: options.type ?? 'educonnect',
    enabled: true,
    schools: options.schools ?? [],
    options: {
      idpEntityId: idp.entityId,
      idpSsoUrl: idp.ssoUrl,
      idpSloUrl: idp.sloUrl,
      idpCertificates: [idp.keys.certificate],
      spSigningKeyEnv: 'ECARNET_TEST_SAML_SIGNING_KEY',
      spSigningCertificate: spKeys.certificate,
      ...(encryptionKeys ? { spDecryptionKeyEnv: 'ECARNET_TEST_SAML_DECRYPTION_KEY', spDecryptionCertificate: encryptionKeys.certificate } : {}),
      ...(options.acceptUnsignedResponseEnvelope ? { acceptUnsignedResponseEnvelope: true } : {}),
      allowInsecureHttp: true,
      ...options.extraOptions,
    },
  };
}

export async function startSamlFixture(options: SamlFixtureOptions = {}): Promise<SamlFixture> {
  const idp = await new TestSamlIdp().start();
  const spKeys = makeTestKeyPair('e-carnet SP signing');
  const encryptionKeys = options.encrypt === false ? undefined : makeTestKeyPair('e-carnet SP encryption');
  const baseUrl = options.baseUrl ?? TEST_BASE_URL;
  const entry = samlConnectorEntry(idp, spKeys, encryptionKeys, options);
  const config: Config = {
    ...testConfig({ ECARNET_BASE_URL: baseUrl }),
    connectors: [entry],
    secrets: {
      ECARNET_TEST_SAML_SIGNING_KEY: spKeys.privateKey,
      ...(encryptionKeys ? { ECARNET_TEST_SAML_DECRYPTION_KEY: encryptionKeys.privateKey } : {}),
    },
  };
  const clock = new TestClock(new Date());
  const testApp = createTestApp({ config, clock });
  idp.now = () => clock.now();
  const root = `${baseUrl}/auth/saml/${entry.id}`;
  idp.trust({
    entityId: `${root}/metadata`,
    acsUrl: `${root}/acs`,
    logoutUrl: `${root}/logout`,
    signingCertificate: spKeys.certificate,
    ...(encryptionKeys ? { encryptionCertificate: encryptionKeys.certificate } : {}),
  });
  const acsPath = `/auth/saml/${entry.id}/acs`;
  // The test's browser: the binding cookies its sign-ins received.
  const jar = new Map<string, string>();
  const cookies = (extra?: string) => [...[...jar].map(([name, value]) => `${name}=${value}`), ...(extra ? [extra] : [])].join('; ');
  const post = (samlResponse: string, cookie: string) => {
    const answer = request(testApp.app).post(acsPath).type('form').set('Accept', 'application/json');
    if (cookie) answer.set('Cookie', cookie);
    return answer.send({ SAMLResponse: samlResponse, RelayState: '' });
  };
  return {
    idp,
    testApp,
    clock,
    spKeys,
    connectorId: entry.id,
    acsPath,
    async startSignIn(next) {
      const response = await request(testApp.app).get(`/auth/saml/${entry.id}/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
      if (response.status !== 303) throw new Error(`login answered ${response.status}`);
      for (const header of ([] as string[]).concat(response.headers['set-cookie'] ?? [])) {
        const [pair = ''] = header.split(';');
        const [name = '', ...value] = pair.split('=');
        if (name.startsWith('ecarnet_saml_')) jar.set(name, value.join('='));
      }
      return String(response.headers.location);
    },
    postResponse: (samlResponse, cookie) => post(samlResponse, cookies(cookie)),
    postResponseFromAnotherBrowser: (samlResponse, cookie) => post(samlResponse, cookie ?? ''),
    follow(location, browser = 'same') {
      const url = new URL(location, baseUrl);
      const answer = request(testApp.app).get(`${url.pathname}${url.search}`).set('Accept', 'application/json');
      const cookie = browser === 'same' ? cookies() : '';
      return cookie ? answer.set('Cookie', cookie) : answer;
    },
    stop: () => idp.stop(),
  };
}

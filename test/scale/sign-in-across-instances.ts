import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { educonnectAttributes } from '../identity/educonnect-accounts.js';
import { loopbackRequest, type LoopbackAnswer } from '../support/loopback-client.js';
import { startTrustedSignInProviders } from '../support/trusted-sign-in-providers.js';

/** A result line of the multi-instance check. */
type Report = (name: string, passed: boolean, detail: string) => void;

/** The identity providers the instances trust, and what the instances need to trust them. */
export interface SignInProviders {
  /** Environment to add to every app instance (the configuration file and the secrets it names). */
  readonly env: Record<string, string>;
  /** Runs the checks against the instances on these ports. */
  check(ports: readonly number[], report: Report): Promise<void>;
  stop(): Promise<void>;
}

/** Whether the answer opens a session (a refusal may clear the cookie: `ecarnet_session=;`, which opens none). */
const sessionOf = (answer: LoopbackAnswer) => (answer.headers['set-cookie'] ?? []).some((line) => /^ecarnet_session=[^;]+/.test(line));
const cookieStartingWith = (answer: LoopbackAnswer, prefix: string) => (answer.headers['set-cookie'] ?? []).find((line) => line.startsWith(prefix))?.split(';')[0];
/** The same path on one instance, as the proxy could have sent the browser there. */
const onInstance = (url: string, port: number) => {
  const target = new URL(url);
  return `http://127.0.0.1:${port}${target.pathname}${target.search}`;
};

/**
 * An ÉduConnect-like SAML IdP and an ENT OpenID Connect provider, trusted by instances whose
 * public URL is `baseUrl` (the proxy). The check starts each sign-in on one instance and finishes
 * it on another: the SAML request's id (InResponseTo) and the OIDC state live in the database,
 * not in an instance, and each is spent for all (the same answer replayed on a third is refused).
 */
export async function startSignInProviders(baseUrl: string): Promise<SignInProviders> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ecarnet-instances-identity-'));
  const { idp, provider, env, stop } = await startTrustedSignInProviders(baseUrl, folder);
  idp.accounts.set('parent', { nameId: 'n-instances', attributes: educonnectAttributes({ id: 'ect-instances-1', affiliation: 'resp1d', givenName: 'Samia', familyName: 'HADDAD' }) });
  provider.accounts.set('parent', { sub: 'ent-instances-1', userinfo: { firstName: 'Karim', lastName: 'HADDAD', type: 'Relative', uai: ['0759999L'], children: {} } });

  return {
    env,
    async check(ports, report) {
      const [first, second, third] = [ports[0]!, ports[1]!, ports[2]!];
      // SAML: the AuthnRequest made by app1, the IdP's answer posted to app2, replayed to app3.
      const login = await loopbackRequest(`http://127.0.0.1:${first}/auth/saml/educonnect/login`);
      const binding = cookieStartingWith(login, 'ecarnet_saml_') ?? '';
      const location = String(login.headers.location ?? '');
      if (login.status < 300 || login.status > 303 || !location) {
        report('SAML InResponseTo made on one instance is accepted by another, and spent for all', false, `login on app1 answered ${login.status}`);
      } else {
        const { SAMLResponse } = idp.signIn(location, 'parent');
        const post = (port: number) =>
          loopbackRequest(`http://127.0.0.1:${port}/auth/saml/educonnect/acs`, {
            method: 'POST',
            headers: { cookie: binding, 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ SAMLResponse, RelayState: '' }).toString(),
          });
        const accepted = await post(second);
        const replayed = await post(third);
        report(
          'SAML InResponseTo made on one instance is accepted by another, and spent for all',
          accepted.status >= 300 && accepted.status < 400 && sessionOf(accepted) && !sessionOf(replayed) && replayed.status >= 400,
          `login on app1 ${login.status}; ACS on app2 ${accepted.status}${sessionOf(accepted) ? ' with a session' : ' without a session'}; the same answer on app3 ${replayed.status}`,
        );
      }
      // OIDC: the state and nonce made by app1, the callback on app3, replayed to app2.
      const start = await loopbackRequest(`http://127.0.0.1:${first}/auth/oidc/ent/login`);
      const cookie = cookieStartingWith(start, 'ecarnet_') ?? '';
      const authorization = String(start.headers.location ?? '');
      if (start.status < 300 || start.status > 303 || !authorization) {
        report('OIDC state made on one instance is accepted by another, and spent for all', false, `login on app1 answered ${start.status}`);
        return;
      }
      const back = (await provider.authorize(authorization, 'parent')).href;
      const callback = await loopbackRequest(onInstance(back, third), { headers: { cookie } });
      const again = await loopbackRequest(onInstance(back, second), { headers: { cookie } });
      report(
        'OIDC state made on one instance is accepted by another, and spent for all',
        callback.status >= 300 && callback.status < 400 && sessionOf(callback) && !sessionOf(again) && again.status >= 400,
        `login on app1 ${start.status}; callback on app3 ${callback.status}${sessionOf(callback) ? ' with a session' : ' without a session'}; the same callback on app2 ${again.status}`,
      );
    },
    async stop() {
      await stop();
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

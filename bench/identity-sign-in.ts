import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { educonnectAttributes } from '../test/identity/educonnect-accounts.js';
import { startTrustedSignInProviders } from '../test/support/trusted-sign-in-providers.js';
import { startServerProcess, stopProcess, freePort } from './harness.js';
import { measureOnce, printSignIns } from './identity-load.js';

const PEOPLE = Number(process.env.BENCH_SIGN_INS ?? 300);
const CONNECTIONS = Number(process.env.BENCH_SIGN_IN_CONNECTIONS ?? 8);


const cookieOf = (response: Response) => response.headers.getSetCookie().find((cookie) => cookie.startsWith('ecarnet_session='))?.split(';')[0] ?? '';

/**
 * Benchmark: complete sign-ins per second, as the module handles them — SAML ACS (signature
 * checks and decryption, InResponseTo and replay in the database, provisioning, new session) and
 * OIDC callback (token exchange, ID token signature and claims, userinfo 2.1, provisioning, new
 * session) — on MariaDB, for returning parents (each has signed in once before). Each measured
 * request is a fresh, valid answer prepared beforehand (they are single-use by design). The
 * identity providers run in this process: the OIDC figure includes the provider's own work.
 */
export async function benchIdentitySignIns(databaseUrl: string): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e-carnet-bench-identity-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const { idp, provider, env: trust, stop: stopProviders } = await startTrustedSignInProviders(baseUrl, dataDir);
  const root = `${baseUrl}/auth/saml/educonnect`;
  for (let index = 0; index < PEOPLE; index += 1) {
    idp.accounts.set(`p${index}`, { nameId: `n${index}`, attributes: educonnectAttributes({ id: `ect-bench-${index}`, affiliation: 'resp1d', givenName: `Parent${index}`, familyName: 'BANC' }) });
    provider.accounts.set(`p${index}`, { sub: `ent-bench-${index}`, userinfo: { firstName: `Parent${index}`, lastName: 'BANC', type: 'Relative', uai: ['0759999L'], children: {} } });
  }

  const app = await startServerProcess('app-server.ts', {
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    ECARNET_HOST: '127.0.0.1',
    ECARNET_BASE_URL: baseUrl,
    ECARNET_SECRET_KEY: 'bench-secret-key-0123456789-abcdefghijklmnopq',
    ECARNET_DEMO_SEED: 'false',
    ECARNET_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    ...trust,
  });
  try {
    const samlAnswers = async () => {
      const answers: (() => Promise<Response>)[] = [];
      for (let index = 0; index < PEOPLE; index += 1) {
        const login = await fetch(`${root}/login`, { redirect: 'manual' });
        // The browser's binding cookie comes with the POST (as over https, SameSite=None), so the ACS finishes at once.
        const binding = login.headers.getSetCookie().find((cookie) => cookie.startsWith('ecarnet_saml_'))?.split(';')[0] ?? '';
        const { SAMLResponse } = idp.signIn(String(login.headers.get('location')), `p${index}`);
        answers.push(() => fetch(`${root}/acs`, { method: 'POST', redirect: 'manual', headers: { cookie: binding }, body: new URLSearchParams({ SAMLResponse, RelayState: '' }) }));
      }
      return answers;
    };
    const oidcCallbacks = async () => {
      const callbacks: (() => Promise<Response>)[] = [];
      for (let index = 0; index < PEOPLE; index += 1) {
        const login = await fetch(`${baseUrl}/auth/oidc/ent/login`, { redirect: 'manual' });
        const cookie = cookieOf(login);
        const back = await provider.authorize(String(login.headers.get('location')), `p${index}`);
        callbacks.push(() => fetch(back, { redirect: 'manual', headers: { cookie } }));
      }
      return callbacks;
    };
    // First sign-ins create the people; the measured ones are returning parents.
    await measureOnce('warm-up', await samlAnswers(), CONNECTIONS);
    await measureOnce('warm-up', await oidcCallbacks(), CONNECTIONS);
    const saml = await measureOnce('SAML ACS (ÉduConnect)', await samlAnswers(), CONNECTIONS);
    printSignIns('Sign-in: SAML ACS — signature + decryption + checks + provisioning + session, MariaDB', saml, CONNECTIONS);
    const oidc = await measureOnce('OIDC callback (Edifice)', await oidcCallbacks(), CONNECTIONS);
    printSignIns('Sign-in: OIDC callback — token exchange + ID token + userinfo + provisioning + session, MariaDB', oidc, CONNECTIONS);
    if (saml.failures + oidc.failures > 0) throw new Error(`${saml.failures + oidc.failures} sign-ins failed during the benchmark`);
  } finally {
    await stopProcess(app.process);
    await stopProviders();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

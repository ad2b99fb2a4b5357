import { expect } from 'chai';
import http, { type Server } from 'node:http';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../../src/app.js';
import type { Config } from '../../src/config/schema.js';
import type { Person } from '../../src/model/index.js';
import { accessibilityViolations, fitsWidth, launchBrowser, PHONE_CONTEXT } from '../support/browser.js';
import { testConfig } from '../support/config.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { TestOidcProvider } from '../support/oidc-provider.js';
import { TestSamlIdp } from '../support/saml-idp.js';
import { makeTestKeyPair } from '../support/test-certificate.js';
import { giveAccount, giveDirectoryKey } from './directory-keys.js';
import { educonnectAttributes } from './educonnect-accounts.js';
import { samlConnectorEntry } from './saml-setup.js';

/*
 * Real Chromium, real pages, real identity providers on 127.0.0.1: a parent signs in through the
 * ENT's OpenID provider, another through the ÉduConnect-like SAML IdP, and each lands on their
 * own children and nothing else.
 */

/** A server listening before the app exists, so that the app's public URL is its real address. */
async function listen(): Promise<{ server: Server; url: string }> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return { server, url: `http://127.0.0.1:${address.port}` };
}

/** Two families in one class: the parent signing in must see only their own. */
async function twoFamilies(): Promise<{ school: SchoolFactory; mine: Person[]; theirs: Person }> {
  const school = await SchoolFactory.create(testDataSource());
  const cp = await school.class('CP Les Lynx');
  const ce1 = await school.class('CE1 Les Loups');
  const mine = [await school.pupil(cp, { givenName: 'Anouk', familyName: 'Ferrand' }), await school.pupil(ce1, { givenName: 'Basile', familyName: 'Ferrand' })];
  const theirs = await school.pupil(cp, { givenName: 'Capucine', familyName: 'Lemaire' });
  await school.guardian([theirs]);
  return { school, mine, theirs };
}

describe('browser: a parent signs in through the ENT and through ÉduConnect', function () {
  this.timeout(90_000);
  let browser: Browser;
  const servers: Server[] = [];

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  /** Listens first, so that the app's configuration can name its own public URL. */
  async function listenForApp(): Promise<{ url: string; attach(config: Config): void }> {
    const { server, url } = await listen();
    servers.push(server);
    return { url, attach: (config) => server.on('request', createApp(config, { dataSource: testDataSource(), logger: pino({ level: 'silent' }) })) };
  }

  /** From the home page, the children shown, each child's own page, and another child's page refused. */
  async function expectOwnChildrenOnly(page: Page, baseUrl: string, mine: Person[], theirs: Person): Promise<void> {
    await page.waitForURL(`${baseUrl}/home`);
    expect((await page.locator('.card.child h3').allTextContents()).sort()).to.deep.equal(mine.map((child) => `${child.givenName} ${child.familyName}`).sort());
    expect(await fitsWidth(page)).to.equal(true);
    expect(await accessibilityViolations(page)).to.deep.equal([]);
    await page.getByRole('link', { name: `${mine[0]!.givenName} ${mine[0]!.familyName}` }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).to.equal(`${mine[0]!.givenName} ${mine[0]!.familyName}`);
    await page.goto(`${baseUrl}/pupils/${theirs.id}`);
    expect(await page.locator('main').textContent()).to.include('Cette page n’existe pas ou ne vous est pas accessible');
  }

  it('through the ENT’s OpenID provider (Edifice userinfo 2.1)', async () => {
    const { school, mine, theirs } = await twoFamilies();
    const app = await listenForApp();
    const baseUrl = app.url;
    // The provider needs the app's address for its redirect URIs, the app the provider's issuer.
    const provider = await new TestOidcProvider().start([`${baseUrl}/auth/oidc/ent/callback`], [`${baseUrl}/sign-in?signedOut=1`]);
    app.attach({
      ...testConfig({ ECARNET_BASE_URL: baseUrl }),
      connectors: [
        {
          id: 'ent',
          type: 'edifice',
          enabled: true,
          displayName: 'Mon ENT',
          schools: [school.school.uai],
          options: { issuer: provider.url, clientId: provider.clientId, clientSecretEnv: 'ECARNET_TEST_ENT_SECRET', allowInsecureHttp: true },
        },
      ],
      secrets: { ECARNET_TEST_ENT_SECRET: provider.clientSecret },
    });
    try {
      // The children's own ENT accounts are known (their class was read from the ENT's directory): the ENT's links name them for sure.
      for (const child of mine) await giveAccount(child, provider.url, `ent-${child.givenName}`);
      provider.accounts.set('s.ferrand', {
        sub: 'ent-s-ferrand',
        userinfo: {
          firstName: 'Sophie',
          lastName: 'FERRAND',
          type: 'Relative',
          uai: [school.school.uai],
          children: Object.fromEntries(mine.map((child) => [`ent-${child.givenName}`, { firstName: child.givenName, lastName: child.familyName.toUpperCase() }])),
        },
      });
      const context = await browser.newContext(PHONE_CONTEXT);
      const page = await context.newPage();
      await page.goto(`${baseUrl}/sign-in`);
      expect(await accessibilityViolations(page)).to.deep.equal([]);
      await page.getByRole('link', { name: 'Se connecter avec Mon ENT' }).click();
      await page.getByLabel('Identifiant ENT').fill('s.ferrand');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await expectOwnChildrenOnly(page, baseUrl, mine, theirs);
      await context.close();
    } finally {
      await provider.stop();
    }
  });

  it('through ÉduConnect (SAML, signed and encrypted, EduConnect attributes), found by the school’s records', async () => {
    const { school, mine, theirs } = await twoFamilies();
    const mother = await school.guardian(mine, { person: await school.person({ givenName: 'Sophie', familyName: 'Ferrand' }) });
    await giveDirectoryKey(mother, 'RESP-FERRAND-1', school, 'guardian');
    const idp = await new TestSamlIdp().start();
    const spKeys = makeTestKeyPair('e-carnet SP');
    const encryption = makeTestKeyPair('e-carnet SP encryption');
    try {
      const app = await listenForApp();
      const baseUrl = app.url;
      app.attach({
        ...testConfig({ ECARNET_BASE_URL: baseUrl }),
        connectors: [samlConnectorEntry(idp, spKeys, encryption, {})],
        secrets: { ECARNET_TEST_SAML_SIGNING_KEY: spKeys.privateKey, ECARNET_TEST_SAML_DECRYPTION_KEY: encryption.privateKey },
      });
      const root = `${baseUrl}/auth/saml/educonnect`;
      idp.trust({ entityId: `${root}/metadata`, acsUrl: `${root}/acs`, logoutUrl: `${root}/logout`, signingCertificate: spKeys.certificate, encryptionCertificate: encryption.certificate });
      idp.accounts.set('sophie.ferrand', {
        nameId: 'transient-ferrand',
        attributes: educonnectAttributes({
          id: 'ect-sophie-ferrand',
          affiliation: 'resp1d',
          givenName: 'Sophie',
          familyName: 'FERRAND',
          refIds: ['{AAF}01|PRS|RESP-FERRAND-1'],
          vectors: [`1|FERRAND|Sophie|${theirs.id}|${school.school.uai}`],
        }),
      });
      const context = await browser.newContext(PHONE_CONTEXT);
      const page = await context.newPage();
      await page.goto(`${baseUrl}/sign-in`);
      await page.getByRole('link', { name: 'Se connecter avec ÉduConnect' }).click();
      await page.getByLabel('Identifiant').fill('sophie.ferrand');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await expectOwnChildrenOnly(page, baseUrl, mine, theirs);
      await context.close();
    } finally {
      await idp.stop();
    }
  });
});

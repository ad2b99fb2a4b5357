import { execFile } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import pino from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import type { DatabaseTarget } from '../../src/config/database-url.js';
import type { Config } from '../../src/config/schema.js';
import { createDataSource } from '../../src/db/data-source.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { rosterFixture } from '../roster/roster-fixture.js';
import { accessibilityViolations, fitsWidth, launchBrowser, PHONE_CONTEXT } from '../support/browser.js';
import { testConfig } from '../support/config.js';
import { recreateDatabase, scratchDatabaseTarget } from '../support/database.js';
import { startInstanceBehindProxy, untilProxyReady, type InstanceBehindProxy } from '../support/haproxy.js';
import { TestOidcProvider } from '../support/oidc-provider.js';

/*
 * The first real school, from an empty database, in production mode, behind the deployment's
 * HAProxy with TLS (a throwaway certificate: production keeps refusing http base URLs, so the test
 * runs what a deployment runs rather than a loophole for tests). The operator creates the school
 * and its director's appointment link with the command line; the director signs in through the
 * ENT, accepts, imports the ONDE file, creates the ENT's LTI registration link and sets the
 * school's messaging rules; a parent signs in through the ENT, the director recognises her as the
 * mother the records hold, and she finds her child. The ENT is a real OpenID provider
 * (oidc-provider) on this machine's loopback.
 */

const UAI = '0750654D';
const SECRET = 'a-production-secret-for-the-first-school-test-0123456789';

const databaseUrl = (target: DatabaseTarget) => (target.kind === 'sqlite' ? `sqlite:${target.file}` : target.url);

describe('browser: the first real school, from an empty database in production mode', function () {
  this.timeout(240_000);
  let browser: Browser;
  let provider: TestOidcProvider;
  let behind: InstanceBehindProxy;
  let dataSource: DataSource;
  let target: DatabaseTarget;
  let baseUrl: string;

  /**
   * The real command line, in production mode, on the scratch database. Run asynchronously: the
   * instance in this process must keep answering HAProxy's health checks meanwhile.
   */
  function command(...args: string[]): Promise<string> {
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      ECARNET_MODE: 'production',
      ECARNET_BASE_URL: baseUrl,
      ECARNET_SECRET_KEY: SECRET,
      ECARNET_LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl(target),
    };
    return new Promise((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'main.ts'), ...args], { cwd: PROJECT_ROOT, env, timeout: 120_000 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`${args.join(' ')} failed:\n${stdout}\n${stderr}`));
        else resolve(stdout);
      });
    });
  }

  before(async () => {
    target = await scratchDatabaseTarget('first_school');
    await recreateDatabase(target);
    behind = await startInstanceBehindProxy();
    baseUrl = behind.proxy.httpsUrl;
    provider = await new TestOidcProvider().start([`${baseUrl}/auth/oidc/ent/callback`], [`${baseUrl}/sign-in?signedOut=1`]);
    await command('migrate');
    const config: Config = {
      ...testConfig({
        ECARNET_MODE: 'production',
        ECARNET_BASE_URL: baseUrl,
        ECARNET_SECRET_KEY: SECRET,
        ECARNET_TRUST_PROXY: 'loopback',
        ECARNET_DEMO_SEED: 'false',
      }),
      database: target,
      connectors: [
        {
          id: 'ent',
          type: 'edifice',
          enabled: true,
          displayName: 'Mon ENT',
          schools: [UAI],
          options: { issuer: provider.url, clientId: provider.clientId, clientSecretEnv: 'ECARNET_TEST_ENT_SECRET', allowInsecureHttp: true },
        },
      ],
      secrets: { ECARNET_TEST_ENT_SECRET: provider.clientSecret },
    };
    dataSource = createDataSource(target);
    await dataSource.initialize();
    behind.attach(createApp(config, { dataSource, logger: pino({ level: 'silent' }) }));
    await untilProxyReady(behind.proxy);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await behind?.stop();
    await provider?.stop();
    if (dataSource?.isInitialized) await dataSource.destroy();
  });

  async function phone(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ ...PHONE_CONTEXT, ignoreHTTPSErrors: true });
    return { context, page: await context.newPage() };
  }

  /** From e-carnet's sign-in page, through the ENT's login form, back to where the person was going. */
  async function signInThroughEnt(page: Page, login: string): Promise<void> {
    await page.getByRole('link', { name: 'Se connecter avec Mon ENT' }).click();
    await page.getByLabel('Identifiant ENT').fill(login);
    await page.getByRole('button', { name: 'Se connecter' }).click();
  }

  async function expectAccessible(page: Page): Promise<void> {
    expect(await accessibilityViolations(page), page.url()).to.deep.equal([]);
    expect(await fitsWidth(page), `${page.url()} at 360 px`).to.equal(true);
  }

  it('goes from an empty database to a parent who finds her child', async () => {
    const schoolsBefore = (await dataSource.query('SELECT COUNT(*) AS n FROM school')) as { n: number | string }[];
    expect(Number(schoolsBefore[0]!.n), 'the database starts empty').to.equal(0);

    // The operator: the school, then its director's one-time link, from the command line.
    await command('school:create', '--uai', UAI, '--name', 'École Jean Jaurès', '--type', 'ecole', '--timezone', 'Europe/Paris');
    const link = (await command('director:link', UAI)).trim().split('\n').find((line) => line.startsWith(`${baseUrl}/appointments/`));
    expect(link, 'director:link prints the link').to.be.a('string');
    const [{ id: schoolId }] = (await dataSource.query('SELECT id FROM school WHERE uai = ?', [UAI])) as { id: string }[];

    provider.accounts.set('n.dubois', {
      sub: 'ent-n-dubois',
      userinfo: { firstName: 'Nathalie', lastName: 'DUBOIS', type: 'Personnel', uai: [UAI] },
    });
    provider.accounts.set('j.petit', {
      sub: 'ent-j-petit',
      userinfo: { firstName: 'Julie', lastName: 'PETIT', type: 'Relative', uai: [UAI], children: { 'ent-leo-petit': { firstName: 'Léo', lastName: 'PETIT' } } },
    });

    // The director opens the link, signs in through the ENT, and accepts.
    const director = await phone();
    await director.page.goto(link!);
    await expectAccessible(director.page);
    await signInThroughEnt(director.page, 'n.dubois');
    await director.page.waitForURL(/\/appointments\//);
    await expectAccessible(director.page);
    await director.page.getByRole('button', { name: 'Accepter' }).click();
    await director.page.waitForLoadState();
    const roles = (await dataSource.query("SELECT m.role AS role FROM school_membership m JOIN person p ON p.id = m.personId WHERE p.familyName = 'DUBOIS' OR p.familyName = 'Dubois'")) as {
      role: string;
    }[];
    expect(roles.map((row) => row.role)).to.include('director');

    // The school's records: the ONDE export, previewed then applied.
    await director.page.goto(`${baseUrl}/schools/${schoolId}/roster-import`);
    await expectAccessible(director.page);
    await director.page.getByLabel('Format du fichier').selectOption('onde');
    await director.page.getByLabel('Fichier CSV').setInputFiles({ name: 'CSVExtraction.csv', mimeType: 'text/csv', buffer: rosterFixture('onde-demo-school.csv') });
    await director.page.getByRole('button', { name: 'Voir ce qui va changer' }).click();
    await director.page.waitForURL(/roster-import\/[0-9a-f-]{36}$/);
    await director.page.getByRole('button', { name: 'Appliquer l’import' }).click();
    await director.page.waitForURL(/roster-import\?applied=1$/);

    // The ENT's registration link, for the ENT administrator.
    await director.page.goto(`${baseUrl}/lti/registrations`);
    await expectAccessible(director.page);
    await director.page.getByRole('button', { name: 'Créer un lien d’inscription' }).click();
    expect(await director.page.locator('input.lti-invite').inputValue()).to.match(new RegExp(`^${baseUrl.replace(/[.]/g, '\\.')}/lti/register\\?`));

    // The school's rules: parents write to the main teacher only, messages recalled within 10 minutes.
    await director.page.goto(`${baseUrl}/schools/${schoolId}/messaging-settings`);
    await expectAccessible(director.page);
    await director.page.getByLabel('Les parents peuvent écrire à').selectOption('mainTeacherOnly');
    await director.page.getByLabel('Délai pour rappeler un message (minutes)').fill('10');
    await director.page.getByRole('button', { name: 'Enregistrer' }).click();
    await director.page.getByText('Les règles sont enregistrées.').waitFor();

    // A parent signs in through the ENT: the child her ENT names is found by names alone, so the
    // link waits for the director, who sees that she is the mother the records already hold.
    const parent = await phone();
    await parent.page.goto(`${baseUrl}/sign-in`);
    await expectAccessible(parent.page);
    await signInThroughEnt(parent.page, 'j.petit');
    await parent.page.waitForURL(`${baseUrl}/home`);
    expect(await parent.page.locator('.card.child').count(), 'nothing before the school confirms').to.equal(0);

    await director.page.goto(`${baseUrl}/schools/${schoolId}/pending-links`);
    await expectAccessible(director.page);
    expect(await director.page.locator('main').textContent()).to.include('Probablement Julie Petit');
    await director.page.getByRole('button', { name: /Même personne/ }).click();
    await director.page.getByText('Les deux fiches sont réunies').waitFor();

    // Her next sign-in (the ENT remembers her: no password asked again) opens the records' Julie
    // Petit, mother of Léo.
    await parent.page.goto(`${baseUrl}/sign-in`);
    await parent.page.getByRole('link', { name: 'Se connecter avec Mon ENT' }).click();
    await parent.page.waitForURL(`${baseUrl}/home`);
    expect(await parent.page.locator('.card.child h3').allTextContents()).to.deep.equal(['Léo Petit']);
    await expectAccessible(parent.page);
    await parent.context.close();
    await director.context.close();
  });
});

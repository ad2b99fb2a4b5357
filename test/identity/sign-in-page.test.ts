import { expect } from 'chai';
import request from 'supertest';
import type { Config } from '../../src/config/schema.js';
import { createTestApp } from '../support/app.js';
import { testConfig } from '../support/config.js';

const common = { issuer: 'https://ent.example.fr', clientId: 'c', clientSecretEnv: 'ECARNET_TEST_SECRET' };

describe('sign-in choice page', () => {
  const config: Config = {
    ...testConfig(),
    connectors: [
      { id: 'ent-nord', type: 'edifice', enabled: true, displayName: 'ENT du Nord', schools: ['0590001A'], options: common },
      { id: 'ent-sud', type: 'edifice', enabled: true, displayName: 'ENT du Sud', schools: ['0130001B'], options: common },
      { id: 'cas-off', type: 'cas', enabled: false, displayName: 'Ancien CAS', schools: [], options: {} },
      { id: 'imports', type: 'roster-csv', enabled: true, schools: [], options: {} },
    ],
    secrets: { ECARNET_TEST_SECRET: 'x' },
  };

  it('lists the enabled sign-in connectors, with the return path, and keeps the demo entry', async () => {
    const { app } = createTestApp({ config });
    const page = await request(app).get('/sign-in?next=%2Fpupils%2F123');
    const html = page.text.replace(/&#x3D;/g, '=');
    expect(html).to.include('Se connecter avec ENT du Nord').and.to.include('href="/auth/oidc/ent-nord/login?next=%2Fpupils%2F123"');
    expect(html).to.include('Se connecter avec ENT du Sud').and.to.include('Choisir une personne');
    expect(html).not.to.include('Ancien CAS');
    expect(html).not.to.include('/auth/roster');
  });

  it('lists only the school’s own connectors when the school is named, and never an outside return path', async () => {
    const { app } = createTestApp({ config });
    const page = await request(app).get('/sign-in?school=0590001a&next=https%3A%2F%2Fevil.test');
    const html = page.text.replace(/&#x3D;/g, '=');
    expect(html).to.include('ENT du Nord').and.to.include('href="/auth/oidc/ent-nord/login?next=%2Fhome"');
    expect(html).not.to.include('ENT du Sud');
  });

  it('says when no way to sign in is set up (production, no connector)', async () => {
    const production = testConfig({ ECARNET_MODE: 'production', ECARNET_SECRET_KEY: 'x'.repeat(40), ECARNET_BASE_URL: 'https://e.fr' });
    const { app } = createTestApp({ config: production });
    const page = await request(app).get('/sign-in');
    expect(page.text).to.include('Aucun moyen de connexion');
    expect(page.text).not.to.include('Choisir une personne');
  });
});

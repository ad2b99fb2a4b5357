import { expect } from 'chai';
import request from 'supertest';
import type { Config } from '../../src/config/schema.js';
import { Guardianship } from '../../src/model/index.js';
import { createTestApp } from '../support/app.js';
import { testConfig } from '../support/config.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { makeTestKeyPair } from '../support/test-certificate.js';

describe('identity in manifest.json', () => {
  it('tells the ENT each connector’s URLs, absolute for this deployment', async () => {
    const keys = makeTestKeyPair('sp');
    const config: Config = {
      ...testConfig({ ECARNET_BASE_URL: 'https://carnet.example.fr' }),
      connectors: [
        {
          id: 'educonnect',
          type: 'educonnect',
          enabled: true,
          schools: [],
          options: { idpEntityId: 'https://idp', idpSsoUrl: 'https://idp/sso', idpCertificates: [keys.certificate], spSigningKeyEnv: 'ECARNET_SP_KEY', spSigningCertificate: keys.certificate },
        },
        { id: 'ent', type: 'edifice', enabled: true, schools: ['0759999L'], options: { issuer: 'https://ent.example.fr', clientId: 'c', clientSecretEnv: 'ECARNET_ENT_SECRET' } },
      ],
      secrets: { ECARNET_SP_KEY: keys.privateKey, ECARNET_ENT_SECRET: 's' },
    };
    const manifest = (await request(createTestApp({ config }).app).get('/manifest.json')).body as { identity: { connectors: Record<string, unknown>[]; signIn: string } };
    expect(manifest.identity.signIn).to.equal('https://carnet.example.fr/sign-in');
    expect(manifest.identity.connectors[0]).to.deep.include({
      id: 'educonnect',
      protocol: 'saml',
      metadata: 'https://carnet.example.fr/auth/saml/educonnect/metadata',
      assertionConsumerService: 'https://carnet.example.fr/auth/saml/educonnect/acs',
      singleLogoutService: 'https://carnet.example.fr/auth/saml/educonnect/logout',
    });
    expect(manifest.identity.connectors[1]).to.deep.include({
      id: 'ent',
      protocol: 'oidc',
      redirectUri: 'https://carnet.example.fr/auth/oidc/ent/callback',
      postLogoutRedirectUri: 'https://carnet.example.fr/sign-in?signedOut=1',
      schools: ['0759999L'],
    });
  });
});

describe('links proposed by ÉduConnect wait for the school', () => {
  it('lets the director confirm or refuse them, and nobody else', async () => {
    const testApp = createTestApp();
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class('MS Les Pandas');
    const child = await school.pupil(klass, { givenName: 'Timéo', familyName: 'Blanc' });
    const other = await school.pupil(klass, { givenName: 'Iris', familyName: 'Noir' });
    const proposer = await school.guardian([child], { approval: 'pending', person: await school.person({ givenName: 'Adèle', familyName: 'Blanc' }) });
    const basile = await school.guardian([other], { approval: 'pending', person: await school.person({ givenName: 'Basile', familyName: 'Noir' }) });
    // Both links were made at the same instant: read each by its guardian, never by creation order.
    const links = testDataSource().getRepository(Guardianship);
    const first = await links.findOneByOrFail({ schoolId: school.id, guardianId: proposer.id });
    const second = await links.findOneByOrFail({ schoolId: school.id, guardianId: basile.id });

    const teacher = await testApp.signIn((await school.teacher([klass])).id);
    expect((await request(testApp.app).get(`/schools/${school.id}/pending-links`).set('Cookie', teacher.cookie)).status).to.equal(404);
    const forbidden = await request(testApp.app)
      .post(`/schools/${school.id}/pending-links/${first.id}`)
      .set('Cookie', teacher.cookie)
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: teacher.csrfToken, decision: 'approve' });
    expect(forbidden.body.error.code).to.equal('NOT_FOUND');

    const director = await testApp.signIn((await school.director()).id);
    const page = await request(testApp.app).get(`/schools/${school.id}/pending-links`).set('Cookie', director.cookie);
    expect(page.text).to.include('Adèle Blanc se déclare responsable de Timéo Blanc').and.to.include('MS Les Pandas');
    for (const [link, decision] of [
      [first, 'approve'],
      [second, 'reject'],
    ] as const) {
      const decided = await request(testApp.app).post(`/schools/${school.id}/pending-links/${link.id}`).set('Cookie', director.cookie).type('form').send({ _csrf: director.csrfToken, decision });
      expect(decided.status).to.equal(303);
    }
    const rows = await links.findBy({ schoolId: school.id });
    expect(Object.fromEntries(rows.map((row) => [row.guardianId, row.approval]))).to.deep.equal({ [proposer.id]: 'approved', [basile.id]: 'rejected' });
    const home = await request(testApp.app).get('/home').set('Cookie', (await testApp.signIn(proposer.id)).cookie);
    expect(home.text).to.include('Timéo Blanc');
  });
});

import { expect } from 'chai';
import fs from 'node:fs';
import request from 'supertest';
import { loggableUrl } from '../src/http/request-logger.js';
import { MANIFEST_FILE, PROJECT_ROOT } from '../src/paths.js';
import { createTestApp } from './support/app.js';
import { testConfig } from './support/config.js';

describe('platform endpoints', () => {
  it('answers /healthz without touching the database', async () => {
    const { app } = createTestApp();
    const response = await request(app).get('/healthz');
    expect(response.status).to.equal(200);
    expect(response.body).to.deep.equal({ status: 'ok' });
    expect(response.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
  });

  it('serves manifest.json with the deployment’s absolute URLs and the package version', async () => {
    const { app } = createTestApp({ config: testConfig({ ECARNET_BASE_URL: 'https://carnet.example.fr' }) });
    const manifest = (await request(app).get('/manifest.json')).body;
    const pkg = JSON.parse(fs.readFileSync(`${PROJECT_ROOT}/package.json`, 'utf8')) as { version: string };
    expect(manifest.version).to.equal(pkg.version);
    expect(manifest.name).to.deep.equal({ fr: 'e-carnet', en: 'e-carnet' });
    expect(manifest.description.fr).to.be.a('string').and.not.equal('');
    expect(manifest.description.en).to.be.a('string').and.not.equal('');
    expect(manifest.icon).to.equal('https://carnet.example.fr/static/icon.svg');
    expect(manifest.endpoints).to.deep.include({
      health: 'https://carnet.example.fr/healthz',
      readiness: 'https://carnet.example.fr/readyz',
      openapi: 'https://carnet.example.fr/api/v1/openapi.json',
    });
    const onDisk = JSON.parse(fs.readFileSync(MANIFEST_FILE, 'utf8')) as { endpoints: Record<string, string> };
    for (const [name, path] of Object.entries(onDisk.endpoints)) {
      if (path.includes('{')) continue;
      const status = (await request(app).get(path)).status;
      expect(status, `${name} ${path}`).to.be.oneOf([200, 303]);
    }
  });
});

describe('request logs', () => {
  it('keep secrets out: query values and share tokens are hidden, names stay', () => {
    expect(loggableUrl('/auth/oidc/ent/callback?code=abc123&state=xyz')).to.equal('/auth/oidc/ent/callback?code=…&state=…');
    expect(loggableUrl('/s/3kf9QZ-secret/page?lang=ar')).to.equal('/s/[token]/page?lang=…');
    expect(loggableUrl('/link-notices/unsubscribe/Zk3-secret_9?lang=es')).to.equal('/link-notices/unsubscribe/[token]?lang=…');
    expect(loggableUrl('/home')).to.equal('/home');
  });
});

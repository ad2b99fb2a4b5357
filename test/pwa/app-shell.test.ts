import { expect } from 'chai';
import express from 'express';
import supertest from 'supertest';
import { createTestApp, type TestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { devicePersonKey } from '../../src/pwa/person-key.js';

/* The installable app's files and headers, over HTTP, with the module mounted under a path as an ENT host does. */
describe('installable app: manifest, service worker, offline page, whose pages', function () {
  this.timeout(30_000);
  let test: TestApp;
  let host: express.Express;
  let parentId: string;
  let otherParentId: string;

  before(async () => {
    test = createTestApp();
    host = express();
    host.use('/e-carnet', test.app);
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class();
    parentId = (await school.guardian([await school.pupil(klass)])).id;
    otherParentId = (await school.guardian([await school.pupil(klass)])).id;
  });

  it('serves the manifest in the language the page names, scoped to the mount path', async () => {
    const french = await supertest(host).get('/e-carnet/app.webmanifest?lang=fr');
    expect(french.status).to.equal(200);
    expect(french.headers['content-type']).to.match(/^application\/manifest\+json/);
    const manifest = JSON.parse(french.text) as Record<string, unknown>;
    expect(manifest).to.include({ name: 'e-carnet — le carnet de l’école', short_name: 'e-carnet', lang: 'fr', dir: 'ltr', start_url: '/e-carnet/home' });
    expect(manifest).to.include({ scope: '/e-carnet/', display: 'standalone', theme_color: '#1d4e89' });
    expect(manifest.icons).to.deep.equal([
      { src: '/e-carnet/static/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/e-carnet/static/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/e-carnet/static/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ]);
    const arabic = JSON.parse((await supertest(host).get('/e-carnet/app.webmanifest?lang=ar')).text) as Record<string, unknown>;
    expect(arabic).to.include({ name: 'e-carnet — دفتر المدرسة', lang: 'ar', dir: 'rtl', id: manifest.id });
    // No language named: the browser's.
    const spanish = JSON.parse((await supertest(host).get('/e-carnet/app.webmanifest').set('Accept-Language', 'es-ES,es;q=0.9')).text) as Record<string, unknown>;
    expect(spanish).to.include({ lang: 'es', name: 'e-carnet — el cuaderno de la escuela' });
    // The ENT's manifest is still there, unchanged in kind.
    expect((await supertest(host).get('/e-carnet/manifest.json')).body).to.have.property('endpoints');
  });

  it('links the manifest and the app script from every page, in the page’s language', async () => {
    const page = await supertest(host).get('/e-carnet/sign-in?lang=ar');
    expect(page.text).to.include('<link rel="manifest" href="/e-carnet/app.webmanifest?lang=ar">');
    expect(page.text).to.include('<script src="/e-carnet/static/app-shell.js" defer></script>');
    expect(page.text).to.include('<meta name="theme-color" content="#1d4e89">');
  });

  it('serves one service worker, fresh every time, at the module’s root and where the push worker was', async () => {
    const worker = await supertest(host).get('/e-carnet/service-worker.js');
    expect(worker.status).to.equal(200);
    expect(worker.headers['content-type']).to.match(/^text\/javascript/);
    expect(worker.headers['cache-control']).to.equal('no-cache');
    expect(worker.text).to.match(/^const BUILD = \{"version":"[0-9a-f]{16}","languages":\["fr","en","ar","es"\]\};\n/);
    expect(worker.text).to.include("self.addEventListener('push'");
    expect((await supertest(host).get('/e-carnet/push-worker.js')).text).to.equal(worker.text);
  });

  it('renders the offline page in each language, without anyone’s name or a form', async () => {
    const session = await test.signIn(parentId);
    const french = await supertest(host).get('/e-carnet/offline/fr').set('Cookie', session.cookie);
    expect(french.status).to.equal(200);
    expect(french.text).to.include('Vous êtes hors ligne').and.not.include('<form').and.not.include('data-device-key');
    const arabic = await supertest(host).get('/e-carnet/offline/ar');
    expect(arabic.text).to.include('<html lang="ar" dir="rtl">').and.include('أنتم غير متصلين بالشبكة');
    expect((await supertest(host).get('/e-carnet/offline/xx')).status).to.equal(404);
  });

  it('names whose data a response is, for the service worker and the page, and nobody’s when signed out', async () => {
    const session = await test.signIn(parentId);
    const home = await supertest(host).get('/e-carnet/home').set('Cookie', session.cookie);
    const key = devicePersonKey(parentId);
    expect(key).to.match(/^[0-9a-f]{32}$/).and.not.equal(devicePersonKey(otherParentId));
    expect(home.headers['x-ecarnet-person']).to.equal(key);
    expect(home.text).to.include(`data-device-key="${key}"`).and.not.include(parentId);
    const signedOut = await supertest(host).get('/e-carnet/sign-in');
    expect(signedOut.headers['x-ecarnet-person']).to.equal(undefined);
    expect(signedOut.text).not.to.include('data-device-key');
  });

  it('tells the browser to forget the person’s caches and storage at sign-out', async () => {
    const session = await test.signIn(parentId);
    const response = await supertest(host).post('/e-carnet/sign-out').set('Cookie', session.cookie).type('form').send({ _csrf: session.csrfToken });
    expect(response.status).to.equal(303);
    expect(response.headers['clear-site-data']).to.equal('"cache", "storage"');
  });
});

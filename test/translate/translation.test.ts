import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import { ApertiumApyProvider } from '../../src/translate/apertium-apy.js';
import { CachedTranslator } from '../../src/translate/cached-translator.js';
import { isKnownLanguage } from '../../src/translate/languages.js';
import { LibreTranslateProvider } from '../../src/translate/libretranslate.js';
import { TranslationUnavailable, type TranslationProvider } from '../../src/translate/provider.js';
import { startApertium, type TestApertium } from '../support/apertium.js';
import { testDataSource } from '../support/database.js';

/* Translation through a real Apertium APy server, its cache, and what happens when it is down. */
describe('translation', function () {
  this.timeout(60_000);
  let apertium: TestApertium;

  before(async () => {
    apertium = await startApertium();
  });
  after(async () => {
    await apertium?.close();
  });

  it('translates French into Spanish through Apertium APy', async () => {
    const text = await new ApertiumApyProvider(apertium.url).translate('Bonjour, la sortie au musée aura lieu demain.', 'fr', 'es');
    expect(text.toLowerCase()).to.include('museo').and.to.include('mañana');
  });

  it('caches a translation: the provider is asked once per text and language', async () => {
    let calls = 0;
    const real = new ApertiumApyProvider(apertium.url);
    const counting: TranslationProvider = { id: 'apertium', translate: (text, from, to) => ((calls += 1), real.translate(text, from, to)) };
    const translator = new CachedTranslator(testDataSource(), counting);
    const text = `La classe ira à la piscine jeudi ${Date.now()}.`;
    const first = await translator.translate(text, 'fr', 'es', new Date());
    const second = await translator.translate(text, 'fr', 'es-ES', new Date());
    expect(first.status).to.equal('translated');
    expect(second).to.deep.equal(first);
    expect(calls).to.equal(1);
  });

  it('reports the provider down as unavailable, without throwing', async () => {
    const down = new ApertiumApyProvider('http://127.0.0.1:9', 1000);
    const outcome = await new CachedTranslator(testDataSource(), down).translate(`Texte ${Date.now()}`, 'fr', 'es', new Date());
    expect(outcome).to.deep.equal({ status: 'unavailable' });
    let thrown: unknown;
    await down.translate('Bonjour', 'fr', 'es').catch((error: unknown) => (thrown = error));
    expect(thrown).to.be.instanceOf(TranslationUnavailable);
  });

  it('reports a pair APy does not have as unavailable', async () => {
    const outcome = await new CachedTranslator(testDataSource(), new ApertiumApyProvider(apertium.url)).translate(`Bonjour ${Date.now()}`, 'fr', 'ar', new Date());
    expect(outcome.status).to.equal('unavailable');
  });

  it('leaves a text in the reader’s own language as it is', async () => {
    const outcome = await new CachedTranslator(testDataSource(), new ApertiumApyProvider(apertium.url)).translate('Bonjour', 'fr', 'fr-FR', new Date());
    expect(outcome).to.deep.equal({ status: 'original' });
  });

  it('speaks the LibreTranslate API (form fields, api_key, translatedText)', async () => {
    const received: URLSearchParams[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push(new URLSearchParams(body));
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ translatedText: 'Hola' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      expect(await new LibreTranslateProvider(`http://127.0.0.1:${port}/`, 'secret').translate('Bonjour', 'fr', 'es-MX')).to.equal('Hola');
      expect(Object.fromEntries(received[0]!)).to.deep.equal({ q: 'Bonjour', source: 'fr', target: 'es', format: 'text', api_key: 'secret' });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('knows real language codes and refuses invented ones', () => {
    expect(['fr', 'es', 'ar', 'pt-BR', 'tr'].map(isKnownLanguage)).to.deep.equal([true, true, true, true, true]);
    expect(['xx', 'klingon', 'fr_FR', '', 'e'].map(isKnownLanguage)).to.deep.equal([false, false, false, false, false]);
  });
});

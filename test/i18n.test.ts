import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import os from 'node:os';
import { loadCatalogs, type Catalog } from '../src/i18n/catalogs.js';
import { ERROR_STATUS } from '../src/http/errors.js';
import { parseAcceptLanguage, pickLanguage, textDirection } from '../src/i18n/languages.js';
import { VIEWS_DIR } from '../src/paths.js';
import { createTestApp } from './support/app.js';

const { fr, en, ar, es } = loadCatalogs();

function keys(catalog: Catalog, prefix = ''): string[] {
  return Object.entries(catalog).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`),
  );
}

/** Plural forms differ by language (Arabic has six); compare the keys without their suffix. */
const withoutPlural = (list: string[]) => [...new Set(list.map((key) => key.replace(/_(zero|one|two|few|many|other)$/, '')))].sort();

function viewFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? viewFiles(path.join(folder, entry.name)) : [path.join(folder, entry.name)],
  );
}

describe('interface languages', () => {
  const french = withoutPlural(keys(fr));

  for (const [name, catalog] of Object.entries({ en, ar, es })) {
    it(`translates every French string into ${name}`, () => {
      expect(withoutPlural(keys(catalog))).to.deep.equal(french);
    });
  }

  it('has a catalog entry for every key the views use and every error code', () => {
    const used = new Set<string>();
    for (const file of viewFiles(VIEWS_DIR)) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/\{\{t "([\w.]+)"/g)) used.add(match[1]!);
    }
    for (const code of Object.keys(ERROR_STATUS)) used.add(`errors.${code}`);
    const missing = [...used].filter((key) => !french.includes(key));
    expect(missing).to.deep.equal([]);
  });

  it('refuses two catalog files that define the same key', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'e-carnet-locales-'));
    for (const language of ['fr', 'en', 'ar', 'es']) {
      fs.mkdirSync(path.join(folder, language));
      fs.writeFileSync(path.join(folder, language, 'a.json'), JSON.stringify({ home: { title: 'A' } }));
      fs.writeFileSync(path.join(folder, language, 'b.json'), JSON.stringify({ home: { other: 'B', title: 'B' } }));
    }
    expect(() => loadCatalogs(folder)).to.throw('fr/b.json: the key home.title is defined twice');
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('picks the language from ?lang=, then the browser, and writes Arabic right to left', async () => {
    expect(pickLanguage(parseAcceptLanguage('de-DE, ar-MA;q=0.8, en;q=0.5'))).to.equal('ar');
    expect(pickLanguage(parseAcceptLanguage('de, *;q=0.1'))).to.equal('fr');
    expect(textDirection('ar')).to.equal('rtl');
    const { app } = createTestApp();
    const arabic = await request(app).get('/sign-in?lang=ar');
    expect(arabic.text).to.include('<html lang="ar" dir="rtl">').and.to.include('تسجيل الدخول');
    const cookies = ([] as string[]).concat(arabic.headers['set-cookie'] ?? []);
    const remembered = cookies.find((cookie) => cookie.startsWith('ecarnet_lang='))!;
    expect(remembered).to.match(/^ecarnet_lang=ar;/);
    const next = await request(app).get('/sign-in').set('Cookie', remembered.split(';')[0]!);
    expect(next.text).to.include('<html lang="ar" dir="rtl">');
    const english = await request(app).get('/sign-in').set('Accept-Language', 'en-GB,en;q=0.9');
    expect(english.text).to.include('<html lang="en" dir="ltr">').and.to.include('Sign in');
  });
});

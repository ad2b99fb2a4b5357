import supertest from 'supertest';
import { expect } from 'chai';
import type { TestApp } from '../support/app.js';
import type { SchoolFactory } from '../support/factories.js';
import { classWithFamilies, phonePhoto, postEntryForm } from '../portfolio/support.js';
import { readSheets, type SheetPage } from './pdf-codes.js';

/** A class of two families (Léa with a class consent, Noé with none) and entries in several states. */
export async function sharedClass(test: TestApp, school: SchoolFactory) {
  const request = supertest(test.app);
  const families = await classWithFamilies(school, ['class', 'none']);
  const [lea, noe] = families.pupils as [NonNullable<(typeof families.pupils)[0]>, NonNullable<(typeof families.pupils)[0]>];
  const teacher = await test.signIn(families.teacher.id);
  const post = async (fields: Record<string, string | string[]>, withPhoto: boolean) => {
    const response = await postEntryForm(request, families.klass.id, teacher, { peopleReviewed: 'yes', ...fields }, withPhoto ? [{ name: 'IMG.jpg', content: await phonePhoto() }] : []);
    expect(response.status, response.text).to.equal(303);
    return response.headers.location!.split('/').at(-1)!;
  };
  const published = await post({ audience: 'children', pupilIds: lea.id, title: 'Léa lit une histoire', comment: 'Bravo', appearing: lea.id, when: 'now' }, true);
  const draft = await post({ audience: 'children', pupilIds: lea.id, title: 'Brouillon pour Léa', comment: 'À finir' }, false);
  const other = await post({ audience: 'children', pupilIds: noe.id, title: 'Noé construit une tour', comment: 'Très haute', appearing: noe.id, when: 'now' }, true);
  return { request, families, lea, noe, teacher, entries: { published, draft, other } };
}

/** The teacher prints the class sheets: the PDF's pages, read as text and decoded QR codes. */
export async function printClassSheets(request: ReturnType<typeof supertest>, classId: string, teacher: { cookie: string; csrfToken: string }): Promise<SheetPage[]> {
  const response = await asBytes(request.post(`/classes/${classId}/sharing/sheets`).set('Cookie', teacher.cookie).type('form').send({ _csrf: teacher.csrfToken }));
  expect(response.status, String(response.body)).to.equal(200);
  expect(response.headers['content-type']).to.equal('application/pdf');
  return readSheets(response.body as Buffer);
}

/** The request with its response body kept as bytes. */
export function asBytes(test: supertest.Test): supertest.Test {
  return test.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

/** The path of a code's URL (`/s/<token>`), whatever the configured base URL. */
export function sharePath(url: string): string {
  return new URL(url).pathname;
}

/** The viewer cookie a token exchange set, as a Cookie header. */
export function shareCookieOf(response: supertest.Response): string {
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  const cookie = cookies.find((line) => line.startsWith('ecarnet_share='));
  if (!cookie) throw new Error('no viewer cookie');
  return cookie.split(';')[0]!;
}

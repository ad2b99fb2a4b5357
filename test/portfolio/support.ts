import sharp from 'sharp';
import type supertest from 'supertest';
import type { Person, SchoolClass } from '../../src/model/index.js';
import type { SignedIn } from '../support/app.js';
import type { SchoolFactory } from '../support/factories.js';

/** A real JPEG with an EXIF GPS position, as a phone camera writes it. */
export async function phonePhoto(width = 640, height = 480): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'PhoneMaker', Model: 'Phone 12' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 0/1' } })
    .toBuffer();
}

/** A class with a teacher, and pupils each with one guardian and an image consent. */
export async function classWithFamilies(school: SchoolFactory, consents: readonly ('none' | 'ownFamily' | 'class' | 'school')[]) {
  const klass: SchoolClass = await school.class();
  const teacher = await school.teacher([klass]);
  const pupils: Person[] = [];
  const guardians: Person[] = [];
  for (const scope of consents) {
    const pupil = await school.pupil(klass);
    const guardian = await school.guardian([pupil]);
    await school.consent(pupil, scope, teacher);
    pupils.push(pupil);
    guardians.push(guardian);
  }
  return { klass, teacher, pupils, guardians };
}

/** Posts the teacher's phone form, as the class page sends it. */
export function postEntryForm(
  request: supertest.Agent | ReturnType<typeof supertest>,
  classId: string,
  session: SignedIn,
  fields: Record<string, string | string[]>,
  files: readonly { name: string; content: Buffer }[] = [],
): supertest.Test {
  let test = (request as ReturnType<typeof supertest>)
    .post(`/classes/${classId}/portfolio/entries`)
    .set('Cookie', session.cookie)
    .set('Accept', 'application/json')
    .field('_csrf', session.csrfToken);
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) test = test.field(name, item);
  }
  for (const file of files) test = test.attach('files', file.content, file.name);
  return test;
}

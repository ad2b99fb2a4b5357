import type { Person, SchoolClass } from '../../src/model/index.js';
import { createTestApp, type SignedIn, type TestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';

let serial = 0;

/** A small school for messaging tests: two classes, their teachers, children and guardians with e-mail addresses. */
export interface MessagingSchool {
  readonly factory: SchoolFactory;
  readonly classA: SchoolClass;
  readonly classB: SchoolClass;
  readonly teacherA: Person;
  readonly otherTeacherA: Person;
  readonly teacherB: Person;
  readonly director: Person;
  readonly leo: Person;
  readonly ines: Person;
  readonly zoe: Person;
  /** Léo's mother (French, full authority) and father (Spanish, full authority, separated). */
  readonly mother: Person;
  readonly father: Person;
  /** Léo's grandmother, informed but without parental authority. */
  readonly informed: Person;
  /** Léo's parent kept away by a court decision. */
  readonly keptAway: Person;
  /** Inès's guardian. */
  readonly inesParent: Person;
  /** Zoé's guardian (class B). */
  readonly zoeParent: Person;
}

/** Builds a school with a unique tag in every e-mail address, so a suite finds its own e-mails. */
export async function messagingSchool(settings: Record<string, unknown> = {}): Promise<MessagingSchool & { tag: string }> {
  serial += 1;
  const tag = `m${Date.now().toString(36)}${serial}`;
  const email = (name: string) => `${name}.${tag}@example.org`;
  const factory = await SchoolFactory.create(testDataSource(), {
    settingsJson: JSON.stringify({ messaging: settings }),
  });
  const classA = await factory.class('CM1 A');
  const classB = await factory.class('CM1 B');
  const teacherA = await factory.teacher([classA], { main: true });
  const otherTeacherA = await factory.teacher([classA], { main: false });
  const teacherB = await factory.teacher([classB], { main: true });
  const director = await factory.director();
  const leo = await factory.pupil(classA, { givenName: 'Léo' });
  const ines = await factory.pupil(classA, { givenName: 'Inès' });
  const zoe = await factory.pupil(classB, { givenName: 'Zoé' });
  const mother = await factory.guardian([leo], { person: await factory.person({ givenName: 'Julie', email: email('julie') }) });
  const father = await factory.guardian([leo], { person: await factory.person({ givenName: 'Pablo', preferredLanguage: 'es', email: email('pablo') }) });
  const informed = await factory.guardian([leo], { status: 'informationOnly', person: await factory.person({ givenName: 'Mamie', email: email('mamie') }) });
  const keptAway = await factory.guardian([leo], { status: 'noAccess', legalBasis: true, person: await factory.person({ email: email('kept') }) });
  const inesParent = await factory.guardian([ines], { person: await factory.person({ email: email('ines-parent') }) });
  const zoeParent = await factory.guardian([zoe], { person: await factory.person({ email: email('zoe-parent') }) });
  for (const teacher of [teacherA, otherTeacherA, teacherB, director]) {
    await testDataSource().query('UPDATE person SET email = ? WHERE id = ?', [email(teacher.id.slice(0, 8)), teacher.id]);
  }
  return { factory, tag, classA, classB, teacherA, otherTeacherA, teacherB, director, leo, ines, zoe, mother, father, informed, keptAway, inesParent, zoeParent };
}

/** Signs in people of the school on a test app: a fresh session per call, so tests may move the clock by days. */
export class Sessions {
  constructor(readonly testApp: TestApp) {}

  of(person: Person): Promise<SignedIn> {
    return this.testApp.signIn(person.id);
  }
}

export { createTestApp };

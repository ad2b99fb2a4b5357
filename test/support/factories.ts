import type { DataSource } from 'typeorm';
import { newId } from '../../src/model/columns.js';
import {
  Enrolment,
  Guardianship,
  ImageConsent,
  Person,
  School,
  SchoolClass,
  SchoolMembership,
  SchoolYear,
  TeachingAssignment,
  type GuardianshipApproval,
  type GuardianshipStatus,
  type ImageConsentScope,
  type SchoolRole,
} from '../../src/model/index.js';
import { defaultSchoolSettings } from '../../src/model/school-settings.js';

/** Instants used by factories: everything starts well before the tests' clocks. */
export const LONG_AGO = new Date('2020-01-01T00:00:00.000Z');

const UAI_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
let serial = 0;

/** A UAI with a correct key letter, different for every call in a run. */
export function uniqueUai(): string {
  serial += 1;
  const digits = String((Date.now() % 9_000_000) + serial * 7919 + 1_000_000).slice(-7).padStart(7, '0');
  return `${digits}${UAI_LETTERS[Number(digits) % 23]}`;
}

/** Builds rows for one test, all tied to one school. */
export class SchoolFactory {
  private constructor(
    readonly dataSource: DataSource,
    readonly school: School,
    readonly schoolYearId: string,
  ) {}

  static async create(dataSource: DataSource, values: Partial<School> = {}): Promise<SchoolFactory> {
    const school = Object.assign(new School(), {
      id: newId(),
      uai: uniqueUai(),
      name: `École ${serial}`,
      timezone: 'Europe/Paris',
      settingsJson: JSON.stringify(defaultSchoolSettings()),
      isDemo: false,
      createdAt: LONG_AGO,
      ...values,
    });
    await dataSource.getRepository(School).insert(school);
    const schoolYearId = newId();
    await dataSource
      .getRepository(SchoolYear)
      .insert({ id: schoolYearId, schoolId: school.id, label: '2026-2027', startsOn: '2026-09-01', endsOn: '2027-07-05' });
    return new SchoolFactory(dataSource, school, schoolYearId);
  }

  get id(): string {
    return this.school.id;
  }

  async class(name = `CP ${++serial}`): Promise<SchoolClass> {
    const klass = Object.assign(new SchoolClass(), {
      id: newId(),
      schoolId: this.id,
      schoolYearId: this.schoolYearId,
      name,
      levels: 'CP',
      cycle: 2,
      externalRef: null,
    });
    await this.dataSource.getRepository(SchoolClass).insert(klass);
    return klass;
  }

  async person(values: Partial<Person> = {}): Promise<Person> {
    serial += 1;
    const person = Object.assign(new Person(), {
      id: newId(),
      givenName: `Prénom${serial}`,
      familyName: `Nom${serial}`,
      preferredLanguage: 'fr',
      email: null,
      phone: null,
      birthDate: null,
      createdAt: LONG_AGO,
      ...values,
    });
    await this.dataSource.getRepository(Person).insert(person);
    return person;
  }

  async member(person: Person, role: SchoolRole, values: Partial<SchoolMembership> = {}): Promise<void> {
    await this.dataSource.getRepository(SchoolMembership).insert({
      id: newId(),
      personId: person.id,
      schoolId: this.id,
      role,
      staffFunction: null,
      startedAt: LONG_AGO,
      endedAt: null,
      ...values,
    });
  }

  async director(): Promise<Person> {
    const person = await this.person();
    await this.member(person, 'director');
    return person;
  }

  async staff(): Promise<Person> {
    const person = await this.person();
    await this.member(person, 'staff', { staffFunction: 'cpe' });
    return person;
  }

  async parentRepresentative(): Promise<Person> {
    const person = await this.person();
    await this.member(person, 'parentRepresentative');
    return person;
  }

  async teacher(classes: SchoolClass[], options: { main?: boolean; endedAt?: Date } = {}): Promise<Person> {
    const person = await this.person();
    await this.member(person, 'teacher');
    for (const klass of classes) {
      await this.dataSource.getRepository(TeachingAssignment).insert({
        id: newId(),
        teacherId: person.id,
        classId: klass.id,
        schoolId: this.id,
        isMainTeacher: options.main ?? true,
        startedAt: LONG_AGO,
        endedAt: options.endedAt ?? null,
      });
    }
    return person;
  }

  async pupil(klass: SchoolClass, values: Partial<Person> = {}): Promise<Person> {
    const person = await this.person(values);
    await this.member(person, 'pupil');
    await this.dataSource.getRepository(Enrolment).insert({
      id: newId(),
      pupilId: person.id,
      classId: klass.id,
      schoolId: this.id,
      startedAt: LONG_AGO,
      endedAt: null,
    });
    return person;
  }

  /** A guardian of the given children (a new person unless `person` is given). */
  async guardian(
    children: Person[],
    options: {
      status?: GuardianshipStatus;
      approval?: GuardianshipApproval;
      person?: Person;
      effectiveFrom?: Date;
      effectiveTo?: Date | null;
      legalBasis?: boolean;
    } = {},
  ): Promise<Person> {
    const person = options.person ?? (await this.person());
    const alreadyParent = await this.dataSource
      .getRepository(SchoolMembership)
      .existsBy({ personId: person.id, schoolId: this.id, role: 'parent' });
    if (!alreadyParent) await this.member(person, 'parent');
    for (const child of children) {
      await this.dataSource.getRepository(Guardianship).insert({
        id: newId(),
        schoolId: this.id,
        guardianId: person.id,
        childId: child.id,
        status: options.status ?? 'full',
        approval: options.approval ?? 'approved',
        source: 'manual',
        guardianRank: 1,
        relationship: 'mother',
        legalBasisKind: options.legalBasis ? 'courtDecision' : null,
        legalBasisReference: options.legalBasis ? 'TJ Lyon, RG 26/00001' : null,
        legalBasisDate: options.legalBasis ? '2026-01-15' : null,
        effectiveFrom: options.effectiveFrom ?? LONG_AGO,
        effectiveTo: options.effectiveTo ?? null,
        recordedById: null,
        createdAt: LONG_AGO,
      });
    }
    return person;
  }

  async consent(child: Person, scope: ImageConsentScope, recordedBy: Person): Promise<void> {
    await this.dataSource.getRepository(ImageConsent).insert({
      id: newId(),
      schoolId: this.id,
      childId: child.id,
      scope,
      purpose: null,
      validFrom: LONG_AGO,
      validTo: null,
      givenById: null,
      recordedById: recordedBy.id,
      evidence: 'paper form',
      createdAt: LONG_AGO,
    });
  }
}

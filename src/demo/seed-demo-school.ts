import type { DataSource, EntityManager } from 'typeorm';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { newId } from '../model/columns.js';
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
} from '../model/index.js';
import type { SchoolRole } from '../model/roles.js';
import { defaultSchoolSettings } from '../model/school-settings.js';
import { currentSchoolYear } from '../school-year/current-school-year.js';
import {
  DEMO_CLASSES,
  DEMO_DIRECTOR,
  DEMO_FAMILIES,
  DEMO_SCHOOL,
  DEMO_STAFF,
  DEMO_TEACHERS,
  type DemoAdult,
  type DemoClassKey,
} from './demo-school-data.js';
import { runInTransaction } from '../db/transaction.js';
import { insertDemoPortfolio } from '../portfolio/demo-portfolio.js';
import { insertDemoConversations, type DemoConversationPeople } from '../messaging/demo-conversations.js';

/** An address at the reserved example.org domain, so no demo e-mail can reach a real person. */
function demoEmail(person: DemoAdult): string | null {
  if (person.noEmail) return null;
  const ascii = (text: string) =>
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/ı/g, 'i')
      .toLowerCase()
      .replace(/[^a-z]+/g, '-')
      .replace(/^-|-$/g, '');
  return `${ascii(person.givenName)}.${ascii(person.familyName)}@example.org`;
}

/** Rows collected before one batch insert per table. */
class DemoRows {
  readonly people: Person[] = [];
  readonly memberships: SchoolMembership[] = [];
  readonly enrolments: Enrolment[] = [];
  readonly assignments: TeachingAssignment[] = [];
  readonly guardianships: Guardianship[] = [];
  readonly consents: ImageConsent[] = [];
  private phoneSerial = 10;

  constructor(
    private readonly schoolId: string,
    private readonly since: Date,
  ) {}

  person(values: DemoAdult & { birthDate?: string; adult: boolean }): Person {
    const person = Object.assign(new Person(), {
      id: newId(),
      givenName: values.givenName,
      familyName: values.familyName,
      preferredLanguage: values.language ?? 'fr',
      email: values.adult ? demoEmail(values) : null,
      phone: values.adult ? `+33 6 00 00 00 ${String(this.phoneSerial++).padStart(2, '0')}` : null,
      birthDate: values.birthDate ?? null,
      createdAt: this.since,
    });
    this.people.push(person);
    return person;
  }

  member(personId: string, role: SchoolRole, staffFunction: string | null = null): void {
    this.memberships.push(
      Object.assign(new SchoolMembership(), {
        id: newId(),
        personId,
        schoolId: this.schoolId,
        role,
        staffFunction,
        startedAt: this.since,
        endedAt: null,
      }),
    );
  }
}

/**
 * Creates the demo school in one transaction: two classes, three teachers, a director, an ATSEM,
 * forty children and their guardians. Returns the school's id.
 */
export async function seedDemoSchool(dataSource: DataSource, now: Date): Promise<string> {
  return runInTransaction(dataSource, (manager) => insertDemoSchool(manager, now));
}

async function insertDemoSchool(manager: EntityManager, now: Date): Promise<string> {
  const year = currentSchoolYear(now, DEMO_SCHOOL.timezone);
  const since = new Date(Math.min(year.startsAt.getTime(), now.getTime()));
  const schoolId = newId();
  await manager.insert(School, {
    id: schoolId,
    uai: DEMO_SCHOOL.uai,
    name: DEMO_SCHOOL.name,
    timezone: DEMO_SCHOOL.timezone,
    settingsJson: JSON.stringify(defaultSchoolSettings()),
    isDemo: true,
    createdAt: now,
  });
  const schoolYearId = newId();
  await manager.insert(SchoolYear, { id: schoolYearId, schoolId, label: year.label, startsOn: year.startsOn, endsOn: year.endsOn });

  const classIds = {} as Record<DemoClassKey, string>;
  for (const [key, klass] of Object.entries(DEMO_CLASSES) as [DemoClassKey, (typeof DEMO_CLASSES)[DemoClassKey]][]) {
    classIds[key] = newId();
    await manager.insert(SchoolClass, { id: classIds[key], schoolId, schoolYearId, ...klass, externalRef: `demo-${key}` });
  }

  const rows = new DemoRows(schoolId, since);
  const director = rows.person({ ...DEMO_DIRECTOR, adult: true });
  rows.member(director.id, 'director');
  for (const staff of DEMO_STAFF) rows.member(rows.person({ ...staff, adult: true }).id, 'staff', staff.staffFunction);
  for (const teacher of DEMO_TEACHERS) {
    const person = rows.person({ ...teacher, adult: true });
    rows.member(person.id, 'teacher');
    rows.assignments.push(
      Object.assign(new TeachingAssignment(), {
        id: newId(),
        teacherId: person.id,
        classId: classIds[teacher.classKey],
        schoolId,
        isMainTeacher: teacher.isMainTeacher,
        startedAt: since,
        endedAt: null,
      }),
    );
  }

  for (const family of DEMO_FAMILIES) {
    const children = family.children.map((child) => {
      const birthYear = Number(year.label.slice(0, 4)) - (DEMO_CLASSES[child.classKey].cycle === 1 ? 5 : 8);
      const person = rows.person({
        givenName: child.givenName,
        familyName: child.familyName ?? family.familyName,
        birthDate: `${birthYear}-0${1 + (child.givenName.length % 9)}-1${child.givenName.length % 9}`,
        adult: false,
      });
      rows.member(person.id, 'pupil');
      rows.enrolments.push(
        Object.assign(new Enrolment(), { id: newId(), pupilId: person.id, classId: classIds[child.classKey], schoolId, startedAt: since, endedAt: null }),
      );
      rows.consents.push(
        Object.assign(new ImageConsent(), {
          id: newId(),
          schoolId,
          childId: person.id,
          scope: child.consent,
          validFrom: since,
          validTo: year.endsAt,
          givenById: null,
          recordedById: director.id,
          evidence: 'Formulaire papier de rentrée',
          createdAt: since,
        }),
      );
      return person;
    });

    family.guardians.forEach((guardian, index) => {
      const person = rows.person({ ...guardian, adult: true });
      rows.member(person.id, 'parent');
      if (guardian.representative) rows.member(person.id, 'parentRepresentative');
      for (const child of children) {
        rows.guardianships.push(
          Object.assign(new Guardianship(), {
            id: newId(),
            schoolId,
            guardianId: person.id,
            childId: child.id,
            status: guardian.status ?? 'full',
            approval: 'approved',
            source: 'demo',
            guardianRank: index + 1,
            relationship: guardian.relationship,
            legalBasisKind: guardian.legalBasis?.kind ?? null,
            legalBasisReference: guardian.legalBasis?.reference ?? null,
            legalBasisDate: guardian.legalBasis?.date ?? null,
            effectiveFrom: since,
            effectiveTo: null,
            recordedById: director.id,
            createdAt: since,
          }),
        );
      }
    });
  }

  // Read before the inserts: on MariaDB TypeORM writes generated and default values back into the inserted objects.
  const conversationPeople = demoConversationPeople(schoolId, classIds.gs, rows);
  // Batches keep the statement count low; SQLite caps the parameters of one statement.
  for (const [entity, list] of [
    [Person, rows.people],
    [SchoolMembership, rows.memberships],
    [TeachingAssignment, rows.assignments],
    [Enrolment, rows.enrolments],
    [Guardianship, rows.guardianships],
    [ImageConsent, rows.consents],
  ] as const) {
    for (let start = 0; start < list.length; start += 50) await manager.insert(entity, list.slice(start, start + 50));
  }

  await insertDemoConversations(manager, conversationPeople, now);
  await insertDemoPortfolio(
    manager,
    {
      schoolId,
      gsClassId: classIds.gs,
      gsTeacherId: conversationPeople.gsTeacherId,
      gsPupilIds: rows.enrolments.filter((enrolment) => enrolment.classId === classIds.gs).map((enrolment) => enrolment.pupilId),
      leoId: conversationPeople.parent.pupilId,
    },
    now,
  );

  await recordAuditEvent(manager, {
    schoolId,
    actorId: null,
    action: 'demo.seeded',
    subjectKind: 'school',
    subjectId: schoolId,
    detail: { people: rows.people.length },
    at: now,
  });
  return schoolId;
}

/** Who the demo conversations involve: the GS main teacher, the GS families in force, Julie Petit and Léo. */
function demoConversationPeople(schoolId: string, gsClassId: string, rows: DemoRows): DemoConversationPeople {
  const gsPupils = new Set(rows.enrolments.filter((enrolment) => enrolment.classId === gsClassId).map((enrolment) => enrolment.pupilId));
  const gsTeacherId = rows.assignments.find((assignment) => assignment.classId === gsClassId && assignment.isMainTeacher)!.teacherId;
  const gsFamilies = new Map<string, { personId: string; pupilId: string }>();
  for (const link of rows.guardianships) {
    if (gsPupils.has(link.childId) && link.status !== 'noAccess' && !gsFamilies.has(link.guardianId)) {
      gsFamilies.set(link.guardianId, { personId: link.guardianId, pupilId: link.childId });
    }
  }
  const julie = rows.people.find((person) => person.givenName === 'Julie' && person.familyName === 'Petit')!;
  return { schoolId, gsClassId, gsTeacherId, gsFamilies: [...gsFamilies.values()], parent: gsFamilies.get(julie.id)! };
}

/** Creates the demo school when the database holds no school at all. Returns whether it did. */
export async function seedDemoSchoolIfEmpty(dataSource: DataSource, now: Date): Promise<boolean> {
  const schools = await dataSource.getRepository(School).count();
  if (schools > 0) return false;
  await seedDemoSchool(dataSource, now);
  return true;
}

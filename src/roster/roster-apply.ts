import { type EntityManager } from 'typeorm';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { newId } from '../model/columns.js';
import {
  Enrolment,
  ExternalIdentity,
  Guardianship,
  Person,
  SchoolClass,
  SchoolMembership,
  type School,
} from '../model/index.js';
import { ensureSchoolYear } from '../school-year/ensure-school-year.js';
import { AAF_JOIN_KEY_ISSUER, directoryKeySubject } from '../auth/directory-keys.js';
import { INFORMATIONAL_KINDS, type PlanItem, type Ref, type RosterPlan } from './roster-plan.js';

/** Rows are inserted in batches; SQLite caps the parameters of one statement. */
const BATCH = 50;

/** What an application did, for the audit log and the page. */
export type AppliedCounts = Readonly<Partial<Record<PlanItem['kind'], number>>>;

/** Collects inserts by entity, then writes them in batches, in dependency order. */
class Inserts {
  readonly classes: SchoolClass[] = [];
  readonly people: Person[] = [];
  readonly memberships: SchoolMembership[] = [];
  readonly identities: ExternalIdentity[] = [];
  readonly enrolments: Enrolment[] = [];
  readonly guardianships: Guardianship[] = [];

  async write(manager: EntityManager): Promise<void> {
    for (const [entity, rows] of [
      [SchoolClass, this.classes],
      [Person, this.people],
      [SchoolMembership, this.memberships],
      [ExternalIdentity, this.identities],
      [Enrolment, this.enrolments],
      [Guardianship, this.guardianships],
    ] as const) {
      for (let start = 0; start < rows.length; start += BATCH) await manager.insert(entity, rows.slice(start, start + BATCH));
    }
  }
}

/**
 * Applies a roster plan inside the caller's transaction: creates what it lists, links guardians
 * with the status and legal basis of the records, tightens restrictions (closing the link in force
 * and opening the new one, audited like a director's decision), confirms proposed links. The
 * plan was computed in the same transaction, so it is exactly what is written.
 */
export async function applyRosterPlan(
  manager: EntityManager,
  school: School,
  plan: RosterPlan,
  actorId: string,
  now: Date,
): Promise<AppliedCounts> {
  const ids = new Map<string, string>();
  const idOf = (ref: Ref): string => {
    if ('id' in ref) return ref.id;
    let id = ids.get(ref.ref);
    if (!id) {
      id = newId();
      ids.set(ref.ref, id);
    }
    return id;
  };
  const inserts = new Inserts();
  const membership = (personId: string, role: 'pupil' | 'parent') =>
    inserts.memberships.push(Object.assign(new SchoolMembership(), { id: newId(), personId, schoolId: school.id, role, staffFunction: null, startedAt: now, endedAt: null }));
  const person = (id: string, values: { givenName: string; familyName: string; birthDate: string | null; email: string | null; phone: string | null }) =>
    inserts.people.push(Object.assign(new Person(), { id, ...values, preferredLanguage: 'fr', createdAt: now }));
  let schoolYearId: string | undefined;

  for (const item of plan.items) {
    switch (item.kind) {
      case 'createClass':
        schoolYearId ??= await ensureSchoolYear(manager, school, now);
        inserts.classes.push(
          Object.assign(new SchoolClass(), { id: idOf({ ref: item.ref }), schoolId: school.id, schoolYearId, name: item.name, levels: item.levels, cycle: null, externalRef: item.externalRef }),
        );
        break;
      case 'adoptClass':
        await manager.update(SchoolClass, { id: item.classId }, { externalRef: item.externalRef });
        break;
      case 'createPupil':
        person(idOf({ ref: item.ref }), { givenName: item.givenName, familyName: item.familyName, birthDate: item.birthDate, email: null, phone: null });
        membership(idOf({ ref: item.ref }), 'pupil');
        break;
      case 'renamePupil':
        await manager.update(Person, { id: item.personId }, { givenName: item.givenName, familyName: item.familyName, birthDate: item.birthDate });
        break;
      case 'rejoin':
        await manager.update(SchoolMembership, { personId: item.personId, schoolId: school.id, role: 'pupil' }, { endedAt: null });
        break;
      case 'directoryKey':
        inserts.identities.push(
          Object.assign(new ExternalIdentity(), {
            id: newId(),
            personId: idOf(item.person),
            issuer: AAF_JOIN_KEY_ISSUER,
            subject: directoryKeySubject(school.id, item.keyKind, item.key),
            connectorId: 'roster',
            createdAt: now,
            lastSeenAt: null,
          }),
        );
        break;
      case 'enrol':
        if (item.endEnrolmentId) await manager.update(Enrolment, { id: item.endEnrolmentId }, { endedAt: now });
        inserts.enrolments.push(
          Object.assign(new Enrolment(), { id: newId(), pupilId: idOf(item.pupil), classId: idOf(item.klass), schoolId: school.id, startedAt: now, endedAt: null }),
        );
        break;
      case 'createGuardian':
        person(idOf({ ref: item.ref }), { givenName: item.givenName, familyName: item.familyName, birthDate: null, email: item.email, phone: item.phone });
        membership(idOf({ ref: item.ref }), 'parent');
        break;
      case 'updateContact':
        await manager.update(Person, { id: item.personId }, { email: item.email, phone: item.phone });
        break;
      case 'parentRole':
        membership(item.personId, 'parent');
        break;
      case 'link':
        inserts.guardianships.push(
          Object.assign(new Guardianship(), {
            id: newId(),
            schoolId: school.id,
            guardianId: idOf(item.guardian),
            childId: idOf(item.pupil),
            status: item.status,
            approval: 'approved',
            source: 'roster',
            guardianRank: item.rank,
            relationship: item.relationship,
            legalBasisKind: item.legalBasis?.kind ?? null,
            legalBasisReference: item.legalBasis?.reference ?? null,
            legalBasisDate: item.legalBasis?.date ?? null,
            effectiveFrom: now,
            effectiveTo: null,
            recordedById: actorId,
            createdAt: now,
          }),
        );
        break;
      case 'confirmLink':
        await manager.update(Guardianship, { id: item.guardianshipId }, { approval: 'approved', recordedById: actorId });
        break;
      case 'restrict':
        await restrict(manager, school.id, item, actorId, now);
        break;
      case 'leave':
        if (item.enrolmentId) await manager.update(Enrolment, { id: item.enrolmentId }, { endedAt: now });
        await manager.update(SchoolMembership, { personId: item.personId, schoolId: school.id, role: 'pupil' }, { endedAt: now });
        break;
      case 'keptRestriction':
        break;
    }
  }
  await inserts.write(manager);

  const counts: Partial<Record<PlanItem['kind'], number>> = {};
  for (const item of plan.items) if (!INFORMATIONAL_KINDS.has(item.kind)) counts[item.kind] = (counts[item.kind] ?? 0) + 1;
  return counts;
}

/** A stricter status from the records: the link in force ends now, a new one opens with its legal basis. */
async function restrict(manager: EntityManager, schoolId: string, item: Extract<PlanItem, { kind: 'restrict' }>, actorId: string, now: Date): Promise<void> {
  const current = await manager.findOneByOrFail(Guardianship, { id: item.guardianshipId });
  const next = manager.create(Guardianship, {
    ...current,
    id: newId(),
    status: item.to,
    approval: 'approved',
    source: 'roster',
    legalBasisKind: item.legalBasis.kind,
    legalBasisReference: item.legalBasis.reference,
    legalBasisDate: item.legalBasis.date,
    effectiveFrom: now,
    effectiveTo: current.effectiveTo,
    recordedById: actorId,
    createdAt: now,
  });
  await manager.update(Guardianship, { id: current.id }, { effectiveTo: now });
  await manager.insert(Guardianship, next);
  await recordAuditEvent(manager, {
    schoolId,
    actorId,
    action: 'guardianship.statusChanged',
    subjectKind: 'guardianship',
    subjectId: next.id,
    detail: {
      childId: current.childId,
      guardianId: current.guardianId,
      from: item.from,
      to: item.to,
      legalBasisKind: item.legalBasis.kind,
      legalBasisDate: item.legalBasis.date,
      effectiveFrom: now.toISOString(),
      by: 'rosterImport',
    },
    at: now,
  });
}

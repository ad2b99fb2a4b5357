import type { DataSource, EntityManager } from 'typeorm';
import type { ClassClaim, NormalizedIdentity, SchoolReference } from '../connectors/contract.js';
import { newId } from '../model/columns.js';
import {
  Enrolment,
  ExternalIdentity,
  IdentityClassSource,
  Person,
  School,
  SchoolClass,
  SchoolMembership,
  TeachingAssignment,
  type GuardianshipSource,
  type SchoolRole,
} from '../model/index.js';
import { ensureSchoolYear } from '../school-year/ensure-school-year.js';
import { attachByDirectoryKey, type DirectoryKeyScope } from './attach-by-directory-key.js';
import { findPupilByClaim } from './find-pupil-by-claim.js';
import { linkChild } from './link-child.js';
import { runInTransaction } from '../db/transaction.js';
import { isUniqueViolation } from '../db/unique-violation.js';

/** What provisioning did, for logs and tests. */
export interface ProvisionResult {
  readonly personId: string;
  readonly created: boolean;
  /** Children linked now (or already linked). */
  readonly linkedChildren: number;
  /** Links waiting for the school's confirmation. */
  readonly pendingChildren: number;
  /** Claimed children no pupil of the school matched: nothing was created for them. */
  readonly unmatchedChildren: number;
  /** Claimed children whose existing link (restricted, rejected) was left untouched. */
  readonly untouchedChildren: number;
}

/** How far a connector is trusted, beyond what its identity says, and what kind of provisioning this is. */
export interface ProvisionOptions {
  /**
   * UAIs of the schools the connector serves (empty: all; left out: not a connector's sign-in, only
   * the schools the identity names count). With the schools the identity names, they are where a
   * directory key (AAF) may find an existing person; an identity naming no school, through a
   * connector serving all, has its keys looked up in every school (`attachByDirectoryKey`).
   */
  readonly connectorSchools?: readonly string[];
  /**
   * A sign-in (`completeSignIn` sets it): it creates only the memberships, enrolments and teaching
   * assignments that never existed; one the school ended stays ended. Roster syncs (the ENT
   * directory, an LTI context's members) leave it unset and may open them again.
   */
  readonly signIn?: boolean;
  /** Where links this identity states come from, for their history (default: `lti` or `ent`). */
  readonly linkSource?: GuardianshipSource;
}

/**
 * The one place where what an identity source says becomes people, roles, classes and links.
 * Every sign-in path (SAML, EduConnect, OIDC, CAS, LTI) calls it after checking its protocol.
 *
 * It only adds: a right is never removed because a source left it out (removals come from roster
 * syncs), an existing guardianship is never changed (a no-access status stays no-access whatever
 * an identity provider claims), and a claimed child is never created — only found among the
 * school's pupils. Schools are never created either: a source naming an unknown school is ignored.
 */
export async function provisionIdentity(
  dataSource: DataSource,
  identity: NormalizedIdentity,
  now: Date,
  options: ProvisionOptions = {},
): Promise<ProvisionResult> {
  try {
    return await runInTransaction(dataSource, (manager) => provisionWithin(manager, identity, now, options));
  } catch (error) {
    // Two first sign-ins of the same person at once: the loser retries and finds the winner's rows.
    if (isUniqueViolation(error)) return runInTransaction(dataSource, (manager) => provisionWithin(manager, identity, now, options));
    throw error;
  }
}

function origin(identity: NormalizedIdentity): GuardianshipSource {
  return identity.connectorId.startsWith('lti') ? 'lti' : 'ent';
}

/** `provisionIdentity` inside the caller's transaction (several identities written all or nothing). */
export async function provisionWithin(manager: EntityManager, identity: NormalizedIdentity, now: Date, options: ProvisionOptions = {}): Promise<ProvisionResult> {
  const schools = new SchoolCache(manager);
  const schoolIds = await concernedSchoolIds(schools, identity, options);
  const scope = { schoolIds, everySchool: options.connectorSchools !== undefined && options.connectorSchools.length === 0 && namesNoSchool(identity) };
  const { person, created } = await ensurePerson(manager, identity, now, scope);
  const reopen = options.signIn !== true;

  for (const entry of identity.schools) {
    const school = await schools.get(entry.school);
    if (!school) continue;
    for (const role of entry.roles) await ensureMembership(manager, person.id, school.id, role, now, reopen);
  }
  for (const claim of identity.classes) {
    const school = await schools.get(claim.school);
    if (!school) continue;
    await ensureMembership(manager, person.id, school.id, claim.as === 'teacher' ? 'teacher' : 'pupil', now, reopen);
    const klass = await ensureClass(manager, school, claim, identity.connectorId, now);
    if (claim.as === 'teacher') await ensureAssignment(manager, person.id, klass, claim.isMainTeacher ?? false, now, reopen);
    else await ensureEnrolment(manager, person.id, klass, now, reopen);
  }

  const counts = { linked: 0, pending: 0, untouched: 0, unmatched: 0 };
  const claimant = { guardianId: person.id, connectorId: identity.connectorId, origin: options.linkSource ?? origin(identity) };
  for (const claim of identity.children) {
    const school = await schools.get(claim.school);
    const match = school ? await findPupilByClaim(manager, school.id, identity.issuer, claim) : undefined;
    if (!school || !match) {
      counts.unmatched += 1;
      continue;
    }
    await ensureMembership(manager, person.id, school.id, 'parent', now, reopen);
    counts[await linkChild(manager, claimant, match, school, claim, now)] += 1;
  }
  return {
    personId: person.id,
    created,
    linkedChildren: counts.linked,
    pendingChildren: counts.pending,
    unmatchedChildren: counts.unmatched,
    untouchedChildren: counts.untouched,
  };
}

/** The schools an identity names (roles, classes, children) and those its connector serves. */
async function concernedSchoolIds(schools: SchoolCache, identity: NormalizedIdentity, options: ProvisionOptions): Promise<string[]> {
  const references: SchoolReference[] = [
    ...identity.schools.map((entry) => entry.school),
    ...identity.classes.map((claim) => claim.school),
    ...identity.children.map((claim) => claim.school),
    ...(options.connectorSchools ?? []).map((uai) => ({ uai })),
  ];
  const ids = new Set<string>();
  for (const reference of references) {
    const school = await schools.get(reference);
    if (school) ids.add(school.id);
  }
  return [...ids];
}

/** True when the identity itself names no school (no role, class or child anywhere). */
function namesNoSchool(identity: NormalizedIdentity): boolean {
  return identity.schools.length === 0 && identity.classes.length === 0 && identity.children.length === 0;
}

async function ensurePerson(
  manager: EntityManager,
  identity: NormalizedIdentity,
  now: Date,
  scope: DirectoryKeyScope,
): Promise<{ person: Person; created: boolean }> {
  const known =
    (await manager.findOneBy(ExternalIdentity, { issuer: identity.issuer, subject: identity.subject })) ??
    (await attachByDirectoryKey(manager, identity, now, scope));
  if (known) {
    const person = await manager.findOneByOrFail(Person, { id: known.personId });
    // The identity source is the reference for names and e-mail; the language is the person's own choice.
    const changes: Partial<Person> = {};
    if (identity.givenName && identity.givenName !== person.givenName) changes.givenName = identity.givenName;
    if (identity.familyName && identity.familyName !== person.familyName) changes.familyName = identity.familyName;
    if (identity.email && identity.email !== person.email) changes.email = identity.email;
    if (Object.keys(changes).length > 0) await manager.update(Person, { id: person.id }, changes);
    await manager.update(ExternalIdentity, { id: known.id }, { lastSeenAt: now });
    return { person: Object.assign(person, changes), created: false };
  }
  const person = Object.assign(new Person(), {
    id: newId(),
    givenName: identity.givenName ?? '',
    familyName: identity.familyName ?? '',
    preferredLanguage: identity.preferredLanguage ?? 'fr',
    email: identity.email ?? null,
    phone: null,
    birthDate: null,
    createdAt: now,
  });
  await manager.insert(Person, person);
  await manager.insert(ExternalIdentity, {
    id: newId(),
    personId: person.id,
    issuer: identity.issuer,
    subject: identity.subject,
    connectorId: identity.connectorId,
    createdAt: now,
    lastSeenAt: now,
  });
  return { person, created: true };
}

/** Looks schools up once per provisioning; unknown schools are remembered as absent. */
class SchoolCache {
  private readonly found = new Map<string, School | null>();
  constructor(private readonly manager: EntityManager) {}

  async get(reference: SchoolReference): Promise<School | null> {
    const key = 'uai' in reference ? `uai:${reference.uai.toUpperCase()}` : `id:${reference.schoolId}`;
    if (!this.found.has(key)) {
      const where = 'uai' in reference ? { uai: reference.uai.toUpperCase() } : { id: reference.schoolId };
      this.found.set(key, await this.manager.findOneBy(School, where));
    }
    return this.found.get(key) ?? null;
  }
}

async function ensureMembership(manager: EntityManager, personId: string, schoolId: string, role: SchoolRole, now: Date, reopen: boolean): Promise<void> {
  const membership = await manager.findOneBy(SchoolMembership, { personId, schoolId, role });
  if (!membership) {
    await manager.insert(SchoolMembership, { id: newId(), personId, schoolId, role, staffFunction: null, startedAt: now, endedAt: null });
  } else if (reopen && membership.endedAt !== null && membership.endedAt.getTime() <= now.getTime()) {
    // Back in the school (a new year, a return), as a roster sync says: the same membership opens again.
    await manager.update(SchoolMembership, { id: membership.id }, { endedAt: null });
  }
}

async function ensureClass(manager: EntityManager, school: School, claim: ClassClaim, connectorId: string, now: Date): Promise<SchoolClass> {
  const existing = await manager.findOneBy(SchoolClass, { schoolId: school.id, externalRef: claim.externalRef });
  if (existing) return existing;
  const schoolYearId = await ensureSchoolYear(manager, school, now);
  const klass = Object.assign(new SchoolClass(), {
    id: newId(),
    schoolId: school.id,
    schoolYearId,
    name: claim.name ?? claim.externalRef,
    levels: null,
    cycle: null,
    externalRef: claim.externalRef,
  });
  await manager.insert(SchoolClass, klass);
  // Its external ref is this connector's id for the class: only this connector may read it from its directory.
  await manager.insert(IdentityClassSource, { classId: klass.id, connectorId, createdAt: now });
  return klass;
}

/**
 * A teacher's assignment to a class, unless one is in force. A sign-in creates one only if the
 * teacher never taught the class (an assignment the school ended stays ended); a roster sync
 * opens a new one.
 */
async function ensureAssignment(manager: EntityManager, teacherId: string, klass: SchoolClass, isMainTeacher: boolean, now: Date, reopen: boolean): Promise<void> {
  const rows = await manager.findBy(TeachingAssignment, { teacherId, classId: klass.id });
  if (rows.some((row) => row.endedAt === null || row.endedAt.getTime() > now.getTime()) || (!reopen && rows.length > 0)) return;
  await manager.insert(TeachingAssignment, {
    id: newId(),
    teacherId,
    classId: klass.id,
    schoolId: klass.schoolId,
    isMainTeacher,
    startedAt: now,
    endedAt: null,
  });
}

/** A pupil's enrolment in a class, on the same terms as `ensureAssignment`. */
async function ensureEnrolment(manager: EntityManager, pupilId: string, klass: SchoolClass, now: Date, reopen: boolean): Promise<void> {
  const rows = await manager.findBy(Enrolment, { pupilId, classId: klass.id });
  if (rows.some((row) => row.endedAt === null || row.endedAt.getTime() > now.getTime()) || (!reopen && rows.length > 0)) return;
  await manager.insert(Enrolment, { id: newId(), pupilId, classId: klass.id, schoolId: klass.schoolId, startedAt: now, endedAt: null });
}

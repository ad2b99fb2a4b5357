import type { GuardianshipStatus, SchoolRole } from '../model/roles.js';

/**
 * Everything the policy needs to know about the person making a request, read fresh from the
 * database for every request (see `loadActor`), so that a restriction saved a moment ago already
 * applies. Only relations in force now are included.
 */
export interface Actor {
  readonly personId: string;
  /** Roles held now, by school id. */
  readonly rolesBySchool: ReadonlyMap<string, ReadonlySet<SchoolRole>>;
  /** Classes this person teaches now. */
  readonly taughtClassIds: ReadonlySet<string>;
  /** Classes in which this person is the main teacher (professeur principal). */
  readonly mainTeacherClassIds: ReadonlySet<string>;
  /** Classes this person is enrolled in as a pupil. */
  readonly enrolledClassIds: ReadonlySet<string>;
  /**
   * Status towards each child, keyed by `guardianshipKey(schoolId, childId)`: a guardianship is
   * recorded by one school and gives nothing in another.
   */
  readonly guardianships: ReadonlyMap<string, GuardianshipStatus>;
  /** Classes of the children this person follows as a guardian (full or information only). */
  readonly followedChildClassIds: ReadonlySet<string>;
  /**
   * Set only for the stand-in of someone who opened a child's portfolio with a QR code or a
   * personal link (`sharedViewerOf`): they may look at that portfolio and do nothing else.
   */
  readonly sharedViewer?: true;
  /**
   * Set only for a session opened by someone the configuration names as an operator: they run the
   * deployment (schools, directors, ENTs) and see nothing of any child, whatever else they are.
   */
  readonly operator?: true;
}

/** Key of the `Actor.guardianships` map. */
export function guardianshipKey(schoolId: string, childId: string): string {
  return `${schoolId}/${childId}`;
}

/** True when the actor holds `role` in `schoolId` now. */
export function hasRole(actor: Actor, schoolId: string, role: SchoolRole): boolean {
  return actor.rolesBySchool.get(schoolId)?.has(role) ?? false;
}

/** An actor with no rights at all: the starting point of `loadActor` and of tests. */
export function emptyActor(personId: string): Actor {
  return {
    personId,
    rolesBySchool: new Map(),
    taughtClassIds: new Set(),
    mainTeacherClassIds: new Set(),
    enrolledClassIds: new Set(),
    guardianships: new Map(),
    followedChildClassIds: new Set(),
  };
}

/** Schools where the actor leads or runs the school (director or staff), whose classes they oversee. */
export function ledSchoolIds(actor: Actor): string[] {
  return [...actor.rolesBySchool.keys()].filter((schoolId) => hasRole(actor, schoolId, 'director') || hasRole(actor, schoolId, 'staff'));
}

/** The actor of an operator's session: the operator console, and nothing in any school. */
export function operatorActor(personId: string): Actor {
  return { ...emptyActor(personId), operator: true };
}

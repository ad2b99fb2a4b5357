import { createHash } from 'node:crypto';
import type { DirectoryKey, RosterGuardianRecord, RosterPupilRecord } from '../connectors/contract.js';
import type { GuardianshipStatus } from '../model/roles.js';
import { mostRestrictive } from '../policy/load-actor.js';
import { MAX_DIRECTORY_KEY_LENGTH } from '../auth/directory-keys.js';
import { comparableName, sameComparableName } from '../auth/find-pupil-by-claim.js';
import { guardianKeysOf } from './guardian-keys.js';
import type { KnownLink, KnownPerson, RosterState } from './roster-state.js';

/** An existing row (`id`) or one the plan creates (`ref`, stable across previews of the same file). */
export type Ref = { readonly id: string } | { readonly ref: string };

/** Legal basis of a restriction, as the records state it. */
type LegalBasis = NonNullable<RosterGuardianRecord['legalBasis']>;

/**
 * One change an import makes. `label` names who it concerns, for the preview; a change about a
 * guardian–pupil pair names the guardian in `label` and the pupil in `child` (the page joins them
 * through the catalogs, in each language's word order).
 */
export type PlanItem =
  | { readonly kind: 'createClass'; readonly ref: string; readonly externalRef: string; readonly name: string; readonly levels: string | null; readonly label: string }
  | { readonly kind: 'adoptClass'; readonly classId: string; readonly externalRef: string; readonly label: string }
  | { readonly kind: 'createPupil'; readonly ref: string; readonly givenName: string; readonly familyName: string; readonly birthDate: string | null; readonly label: string }
  | { readonly kind: 'renamePupil'; readonly personId: string; readonly givenName: string; readonly familyName: string; readonly birthDate: string | null; readonly label: string }
  | { readonly kind: 'rejoin'; readonly personId: string; readonly label: string }
  | { readonly kind: 'directoryKey'; readonly person: Ref; readonly keyKind: DirectoryKey['kind']; readonly key: string; readonly label: string }
  | { readonly kind: 'enrol'; readonly pupil: Ref; readonly klass: Ref; readonly endEnrolmentId: string | null; readonly className: string; readonly label: string }
  | { readonly kind: 'createGuardian'; readonly ref: string; readonly givenName: string; readonly familyName: string; readonly email: string | null; readonly phone: string | null; readonly label: string }
  | { readonly kind: 'updateContact'; readonly personId: string; readonly email: string | null; readonly phone: string | null; readonly label: string }
  | { readonly kind: 'parentRole'; readonly personId: string; readonly label: string }
  | {
      readonly kind: 'link';
      readonly guardian: Ref;
      readonly pupil: Ref;
      readonly status: GuardianshipStatus;
      readonly legalBasis: LegalBasis | null;
      readonly rank: number;
      readonly relationship: string | null;
      readonly label: string;
      readonly child: string;
    }
  | { readonly kind: 'confirmLink'; readonly guardianshipId: string; readonly label: string; readonly child: string }
  | {
      readonly kind: 'restrict';
      readonly guardianshipId: string;
      readonly from: GuardianshipStatus;
      readonly to: GuardianshipStatus;
      readonly legalBasis: LegalBasis;
      readonly label: string;
      readonly child: string;
    }
  | {
      readonly kind: 'keptRestriction';
      readonly guardianshipId: string;
      readonly status: GuardianshipStatus;
      readonly fileStatus: GuardianshipStatus;
      readonly label: string;
      readonly child: string;
    }
  | { readonly kind: 'leave'; readonly personId: string; readonly enrolmentId: string | null; readonly label: string };

/** The kinds of change an import may make (see `PlanItem`). */
export type PlanItemKind = PlanItem['kind'];

/** What an import will do, item by item, with counts and a digest that identifies it. */
export interface RosterPlan {
  readonly items: readonly PlanItem[];
  readonly counts: Readonly<Partial<Record<PlanItemKind, number>>>;
  /** Pupils of the file found among the school's pupils, and unchanged pairs. */
  readonly matchedPupils: number;
  /** SHA-256 of the items: the preview and the application must agree on it. */
  readonly digest: string;
}

/** Items that change nothing by themselves (shown, never applied). */
export const INFORMATIONAL_KINDS: ReadonlySet<PlanItemKind> = new Set(['keptRestriction']);

const fullName = (person: { givenName: string; familyName: string }) => `${person.givenName} ${person.familyName}`;
const sameName = (a: { givenName: string; familyName: string }, b: { givenName: string; familyName: string }) =>
  sameComparableName(a.givenName, b.givenName) && sameComparableName(a.familyName, b.familyName);
const refKey = (ref: Ref) => ('id' in ref ? `id:${ref.id}` : `ref:${ref.ref}`);
/** A status stricter than another (no access > information only > full). */
const stricter = (status: GuardianshipStatus, than: GuardianshipStatus) => status !== than && mostRestrictive(than, status) === status;

/** Options of an import. */
interface PlanOptions {
  /** The file lists the whole school: pupils missing from it have left. */
  readonly wholeSchool: boolean;
}

/**
 * Compares the school's records (the file) with what e-carnet holds and lists the changes.
 * Pupils are found by their records id (pupil key), else by names and birth date, only when one
 * pupil matches; guardians among the pupil's own guardians, by their responsible-adult key then
 * names. The records may add people, classes, links and restrictions (with their legal basis);
 * they never lift a restriction (a lifted decision is recorded by the director, on the pupil's
 * page) and never delete anyone. Nothing here writes: `applyRosterPlan` does, after the preview.
 */
export function planRoster(records: readonly RosterPupilRecord[], state: RosterState, options: PlanOptions): RosterPlan {
  const items: PlanItem[] = [];
  const classRefs = new Map<string, Ref>();
  const guardianKeys = guardianKeysOf(records);
  const guardianRefs = new Map<string, { ref: Ref; person: KnownPerson | undefined }>();
  const pupilsByName = new Map<string, KnownPerson[]>();
  for (const pupil of state.pupils) {
    const given = comparableName(pupil.givenName);
    const family = comparableName(pupil.familyName);
    if (given === '' || family === '') continue; // a name without letters designates nobody
    const key = `${given}|${family}`;
    pupilsByName.set(key, [...(pupilsByName.get(key) ?? []), pupil]);
  }
  const pupilById = new Map(state.pupils.map((pupil) => [pupil.id, pupil]));
  const claimedPupils = new Set<string>();
  const parentRoleGiven = new Set<string>();
  const plannedKeys = new Set<string>();
  const plannedPairs = new Set<string>();

  const matchPupil = (record: RosterPupilRecord): KnownPerson | undefined => {
    const byKey = record.externalRef ? state.pupilByKey.get(record.externalRef) : undefined;
    if (byKey && pupilById.has(byKey)) return pupilById.get(byKey);
    const candidates = (pupilsByName.get(`${comparableName(record.givenName)}|${comparableName(record.familyName)}`) ?? []).filter(
      (pupil) => !claimedPupils.has(pupil.id) && (record.birthDate === undefined || pupil.birthDate === null || pupil.birthDate === record.birthDate),
    );
    return candidates.length === 1 ? candidates[0] : undefined;
  };

  const classOf = (record: RosterPupilRecord): Ref => {
    const known = classRefs.get(record.class.externalRef);
    if (known) return known;
    const existing = state.classes.find((klass) => klass.externalRef === record.class.externalRef);
    let ref: Ref;
    if (existing) ref = { id: existing.id };
    else {
      const sameName = state.classes.find((klass) => klass.externalRef === null && klass.name === record.class.name);
      if (sameName) {
        items.push({ kind: 'adoptClass', classId: sameName.id, externalRef: record.class.externalRef, label: record.class.name });
        ref = { id: sameName.id };
      } else {
        ref = { ref: `class:${record.class.externalRef}` };
        items.push({ kind: 'createClass', ref: ref.ref, externalRef: record.class.externalRef, name: record.class.name, levels: record.class.levels ?? null, label: record.class.name });
      }
    }
    classRefs.set(record.class.externalRef, ref);
    return ref;
  };

  /** Records a key of this school for a person, unless it is already anyone's (keys are never moved). */
  const addKey = (person: Ref, keyKind: DirectoryKey['kind'], key: string | undefined, label: string) => {
    if (!key || key.length > MAX_DIRECTORY_KEY_LENGTH) return;
    const owner = (keyKind === 'pupil' ? state.pupilByKey : state.guardianByKey).get(key);
    if (owner !== undefined || plannedKeys.has(`${keyKind}|${key}`)) return;
    plannedKeys.add(`${keyKind}|${key}`);
    items.push({ kind: 'directoryKey', person, keyKind, key, label });
  };

  // Pass 1: the file's pupils already known, so that their guardians are known before new siblings.
  const matched = records.map((record) => {
    const pupil = matchPupil(record);
    if (pupil) claimedPupils.add(pupil.id);
    return { record, pupil };
  });
  for (const { record, pupil } of matched) {
    if (!pupil) continue;
    for (const guardian of record.guardians) {
      const existing = matchGuardian(guardian, state.linksOfChild.get(pupil.id) ?? [], state);
      if (existing) guardianRefs.set(guardianKeys.get(guardian)!, { ref: { id: existing.id }, person: existing });
    }
  }

  for (const { record, pupil } of matched) {
    const label = fullName(record);
    const klass = classOf(record);
    let pupilRef: Ref;
    if (pupil) {
      pupilRef = { id: pupil.id };
      if (pupil.givenName !== record.givenName || pupil.familyName !== record.familyName || (record.birthDate !== undefined && pupil.birthDate !== record.birthDate)) {
        items.push({ kind: 'renamePupil', personId: pupil.id, givenName: record.givenName, familyName: record.familyName, birthDate: record.birthDate ?? pupil.birthDate, label });
      }
      if (state.leftPupilIds.has(pupil.id)) items.push({ kind: 'rejoin', personId: pupil.id, label });
    } else {
      pupilRef = { ref: `pupil:${record.line}` };
      items.push({ kind: 'createPupil', ref: pupilRef.ref, givenName: record.givenName, familyName: record.familyName, birthDate: record.birthDate ?? null, label });
    }
    addKey(pupilRef, 'pupil', record.externalRef, label);
    const enrolment = pupil ? state.enrolments.get(pupil.id) : undefined;
    if (!enrolment || !('id' in klass) || enrolment.classId !== klass.id) {
      items.push({ kind: 'enrol', pupil: pupilRef, klass, endEnrolmentId: enrolment?.id ?? null, className: record.class.name, label });
    }

    for (const guardian of record.guardians) {
      const guardianName = fullName(guardian);
      const key = guardianKeys.get(guardian)!;
      // A known pupil's own guardian first: two namesakes of the file are not taken for one another.
      const own = pupil ? matchGuardian(guardian, state.linksOfChild.get(pupil.id) ?? [], state) : undefined;
      let entry = own ? { ref: { id: own.id }, person: own } : guardianRefs.get(key);
      if (!entry && guardian.externalRef) {
        const byKey = state.guardianByKey.get(guardian.externalRef);
        const known = byKey ? state.guardians.get(byKey) : undefined;
        if (known) entry = { ref: { id: known.id }, person: known };
      }
      if (!entry) {
        entry = { ref: { ref: `guardian:${key}` }, person: undefined };
        items.push({
          kind: 'createGuardian',
          ref: `guardian:${key}`,
          givenName: guardian.givenName,
          familyName: guardian.familyName,
          email: guardian.email ?? null,
          phone: guardian.phone ?? null,
          label: guardianName,
        });
        addKey(entry.ref, 'guardian', guardian.externalRef, guardianName);
      } else if (entry.person && !parentRoleGiven.has(entry.person.id)) {
        parentRoleGiven.add(entry.person.id);
        const person = entry.person;
        if ((guardian.email && guardian.email !== person.email) || (guardian.phone && guardian.phone !== person.phone)) {
          items.push({ kind: 'updateContact', personId: person.id, email: guardian.email ?? person.email, phone: guardian.phone ?? person.phone, label: guardianName });
        }
        if (!state.parentIds.has(person.id)) items.push({ kind: 'parentRole', personId: person.id, label: guardianName });
        addKey(entry.ref, 'guardian', guardian.externalRef, guardianName);
      }
      guardianRefs.set(key, entry);

      // A pair stated twice (a repeated line) is planned once; the connector refuses two different statuses.
      const pair = `${refKey(entry.ref)}>${refKey(pupilRef)}`;
      if (plannedPairs.has(pair)) continue;
      plannedPairs.add(pair);
      const guardianRef = entry.ref;
      const link = 'id' in guardianRef && 'id' in pupilRef ? (state.linksOfChild.get(pupilRef.id) ?? []).find((known) => known.guardianId === guardianRef.id) : undefined;
      const pairLabel = { label: guardianName, child: label };
      if (!link) {
        items.push({
          kind: 'link',
          guardian: guardianRef,
          pupil: pupilRef,
          status: guardian.status,
          legalBasis: guardian.legalBasis ?? null,
          rank: guardian.rank,
          relationship: guardian.relationship ?? null,
          ...pairLabel,
        });
        continue;
      }
      if (!link.inForce) continue; // a decision dated in the future already decides this pair
      if (link.approval !== 'approved') items.push({ kind: 'confirmLink', guardianshipId: link.id, ...pairLabel });
      if (stricter(guardian.status, link.status) && guardian.legalBasis) {
        items.push({ kind: 'restrict', guardianshipId: link.id, from: link.status, to: guardian.status, legalBasis: guardian.legalBasis, ...pairLabel });
      } else if (stricter(link.status, guardian.status)) {
        items.push({ kind: 'keptRestriction', guardianshipId: link.id, status: link.status, fileStatus: guardian.status, ...pairLabel });
      }
    }
  }

  if (options.wholeSchool) {
    for (const pupil of state.pupils) {
      if (claimedPupils.has(pupil.id) || state.leftPupilIds.has(pupil.id)) continue;
      items.push({ kind: 'leave', personId: pupil.id, enrolmentId: state.enrolments.get(pupil.id)?.id ?? null, label: fullName(pupil) });
    }
  }

  const counts: Partial<Record<PlanItemKind, number>> = {};
  for (const item of items) counts[item.kind] = (counts[item.kind] ?? 0) + 1;
  return {
    items,
    counts,
    matchedPupils: claimedPupils.size,
    digest: createHash('sha256').update(JSON.stringify(items)).digest('hex'),
  };
}

/** The pupil's existing guardian a record designates: by responsible-adult key, else by names. */
function matchGuardian(guardian: RosterGuardianRecord, links: readonly KnownLink[], state: RosterState): KnownPerson | undefined {
  const people = links.map((link) => state.guardians.get(link.guardianId)).filter((person): person is KnownPerson => person !== undefined);
  if (guardian.externalRef) {
    const byKey = state.guardianByKey.get(guardian.externalRef);
    const found = people.find((person) => person.id === byKey);
    if (found) return found;
  }
  const byName = people.filter((person) => sameName(person, guardian));
  return byName.length === 1 ? byName[0] : undefined;
}

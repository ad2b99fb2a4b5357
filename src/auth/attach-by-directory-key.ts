import type { EntityManager } from 'typeorm';
import type { DirectoryKey, NormalizedIdentity } from '../connectors/contract.js';
import { newId } from '../model/columns.js';
import { ExternalIdentity } from '../model/index.js';
import { AAF_JOIN_KEY_ISSUER, MAX_DIRECTORY_KEY_LENGTH, directoryKeySubject, roleOfKind } from './directory-keys.js';
import { findKeyHoldersInEverySchool } from './find-key-holders-everywhere.js';

interface KeyOwnerRow {
  personId: string;
  subject: string;
  schoolId: string;
  role: string;
}

/**
 * Where a sign-in's directory keys are looked up: the schools the identity or its connector
 * concerns, and — only for an identity that names no school, through a connector serving every
 * school — every school whose records hold the key (`everySchool`).
 */
export interface DirectoryKeyScope {
  readonly schoolIds: readonly string[];
  readonly everySchool: boolean;
}

/**
 * A first sign-in whose source vouches for the person's directory keys: the person a roster
 * import created under one of those keys gets this account too, so the links the school recorded
 * apply at once. A key designates someone only if they hold, in the school that recorded it, the
 * role its kind implies (a pupil key, a pupil; a responsible adult's key, a parent), and only when
 * exactly one person matches.
 *
 * The key is looked up in `scope.schoolIds` first. When the sign-in names no school at all (an
 * ÉduConnect parent carrying only FrEduCtRefId) and its connector serves every school, it is
 * looked up in every school instead, with one more condition: the person's names agree (see
 * `findKeyHoldersInEverySchool` for why).
 */
export async function attachByDirectoryKey(
  manager: EntityManager,
  identity: NormalizedIdentity,
  now: Date,
  scope: DirectoryKeyScope,
): Promise<ExternalIdentity | null> {
  const keys = distinctKeys(identity.directoryKeys ?? []);
  if (keys.length === 0) return null;
  let owners: ReadonlySet<string>;
  if (scope.schoolIds.length > 0) owners = await ownersInSchools(manager, keys, scope.schoolIds);
  else if (scope.everySchool) owners = await findKeyHoldersInEverySchool(manager, keys, identity);
  else return null;
  if (owners.size !== 1) return null;
  const link = Object.assign(new ExternalIdentity(), {
    id: newId(),
    personId: [...owners][0]!,
    issuer: identity.issuer,
    subject: identity.subject,
    connectorId: identity.connectorId,
    createdAt: now,
    lastSeenAt: now,
  });
  await manager.insert(ExternalIdentity, link);
  return link;
}

/** The people holding one of the keys, with the role its kind implies, in one of the schools. */
async function ownersInSchools(manager: EntityManager, keys: readonly DirectoryKey[], schoolIds: readonly string[]): Promise<Set<string>> {
  const expected = new Map<string, { schoolId: string; role: string }>();
  for (const schoolId of schoolIds) {
    for (const key of keys) expected.set(directoryKeySubject(schoolId, key.kind, key.key), { schoolId, role: roleOfKind(key.kind) });
  }
  const subjects = [...expected.keys()];
  const rows = (await manager.query(
    `SELECT x.personId AS personId, x.subject AS subject, m.schoolId AS schoolId, m.role AS role
       FROM external_identity x JOIN school_membership m ON m.personId = x.personId
      WHERE x.issuer = ? AND x.subject IN (${subjects.map(() => '?').join(', ')})`,
    [AAF_JOIN_KEY_ISSUER, ...subjects],
  )) as KeyOwnerRow[];
  return new Set(
    rows
      .filter((row) => {
        const wanted = expected.get(row.subject);
        return wanted !== undefined && wanted.schoolId === row.schoolId && wanted.role === row.role;
      })
      .map((row) => row.personId),
  );
}

function distinctKeys(keys: readonly DirectoryKey[]): DirectoryKey[] {
  const seen = new Map<string, DirectoryKey>();
  for (const key of keys) {
    const value = key.key.trim();
    if (value === '' || value.length > MAX_DIRECTORY_KEY_LENGTH) continue;
    seen.set(`${key.kind}|${value}`, { kind: key.kind, key: value });
  }
  return [...seen.values()];
}

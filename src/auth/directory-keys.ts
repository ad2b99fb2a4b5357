import type { DirectoryKey } from '../connectors/contract.js';

/** Issuer under which académie directory (AAF) join keys are stored as external identities. */
export const AAF_JOIN_KEY_ISSUER = 'urn:fr:education:aaf';

/** The AAF name of each kind, as FrEduCtRefId writes it. */
const KIND_CODES: Readonly<Record<DirectoryKey['kind'], string>> = { pupil: 'ELV', guardian: 'RESP' };

/**
 * How a directory key is stored: `<schoolId>|ELV|<key>` or `<schoolId>|RESP|<key>`, under the
 * AAF issuer.
 *
 * Why scoped by school and kind: the records' ids (SIECLE ELEVE_ID / PERSONNE_ID, ONDE ids) are
 * allocated per académie, from a pupil sequence and a separate responsible-adult sequence, and the
 * académie is not in the school's export. Scoped by school, the same digits imported by two
 * schools are two rows that never meet (no collision, no error); scoped by kind, a responsible
 * adult's key never designates a pupil. A school belongs to one académie, so within one school a
 * key of one kind names one person. A sign-in looks a key up in the schools the identity or its
 * connector concerns, and only among people holding the role the kind implies there
 * (`attach-by-directory-key.ts`); an identity naming no school, through a connector serving every
 * school, is looked up in every school, where the names must agree as well. The cost is that a
 * person moving school is found by key again only once the new school's records are imported.
 */
export function directoryKeySubject(schoolId: string, kind: DirectoryKey['kind'], key: string): string {
  return `${schoolId}|${KIND_CODES[kind]}|${key}`;
}

/** The role a person must hold in the school for a key of this kind to designate them. */
export function roleOfKind(kind: DirectoryKey['kind']): 'pupil' | 'parent' {
  return kind === 'pupil' ? 'pupil' : 'parent';
}

/** Keys longer than this are not stored (the subject column holds 191 characters with the school and kind). */
export const MAX_DIRECTORY_KEY_LENGTH = 120;

/** The stored prefix of a school's keys, for reading them all at once. */
export function directoryKeyPrefix(schoolId: string): string {
  return `${schoolId}|`;
}

/** The kind and key of a stored subject of this school, or undefined when it is not one. */
export function readDirectoryKeySubject(schoolId: string, subject: string): DirectoryKey | undefined {
  const prefix = directoryKeyPrefix(schoolId);
  if (!subject.startsWith(prefix)) return undefined;
  const [code, ...rest] = subject.slice(prefix.length).split('|');
  const key = rest.join('|');
  if (key === '') return undefined;
  if (code === KIND_CODES.pupil) return { kind: 'pupil', key };
  if (code === KIND_CODES.guardian) return { kind: 'guardian', key };
  return undefined;
}

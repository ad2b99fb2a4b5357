import { asUai, type DirectoryKey } from '../../src/connectors/contract.js';

/** One FrEduVecteur value: `type|nom|prénom|id|UAI`. */
export interface EduVector {
  /** 1, 2: responsible adult of a pupil (primary, secondary); 3, 4: pupil (primary, secondary). */
  readonly type: 1 | 2 | 3 | 4;
  /** The signed-in person's own names. */
  readonly familyName: string;
  readonly givenName: string;
  /** The pupil's id in the académie directory: the child's (types 1, 2) or the person's own (3, 4). */
  readonly pupilId: string;
  readonly uai: string;
}

/**
 * Parses FrEduVecteur values; values that do not follow the form (wrong type, no id, no valid UAI)
 * are left out rather than guessed at.
 */
export function parseVectors(values: readonly string[]): EduVector[] {
  const vectors: EduVector[] = [];
  for (const value of values) {
    const parts = value.split('|');
    if (parts.length < 5) continue;
    const type = Number(parts[0]);
    const pupilId = (parts[3] ?? '').trim();
    const uai = asUai(parts[4]);
    if (![1, 2, 3, 4].includes(type) || pupilId === '' || uai === undefined) continue;
    vectors.push({ type: type as EduVector['type'], familyName: (parts[1] ?? '').trim(), givenName: (parts[2] ?? '').trim(), pupilId, uai });
  }
  return vectors;
}

/**
 * AAF kinds of join keys e-carnet stores: a pupil's (ELV), a responsible adult's. No public source
 * confirmed the code ÉduConnect writes for responsible adults: RESP, TUT (the ENT profile's name)
 * and PRS are read alike. Staff kinds are not read (ÉduConnect has no staff accounts).
 */
const KINDS: Readonly<Record<string, DirectoryKey['kind']>> = { ELV: 'pupil', RESP: 'guardian', TUT: 'guardian', PRS: 'guardian' };

/**
 * The join key of a FrEduCtRefId value `{AAF}<académie>|<kind>|<key>`, with its kind; other
 * values (ECT…) and other kinds (staff) are not keys a school's records hold. The académie is not
 * kept: keys are stored and looked up per school (see `src/auth/directory-keys.ts`).
 */
export function directoryKeyOf(refId: string): DirectoryKey | undefined {
  if (!refId.startsWith('{AAF}')) return undefined;
  const parts = refId.slice('{AAF}'.length).split('|');
  if (parts.length !== 3) return undefined;
  const kind = KINDS[(parts[1] ?? '').trim().toUpperCase()];
  const key = parts[2]?.trim();
  return kind && key ? { kind, key } : undefined;
}

import {
  asUai,
  type ChildClaim,
  type ClassClaim,
  type DirectoryKey,
  type IdentityMapping,
  type NormalizedIdentity,
  type OidcClaims,
} from '../../src/connectors/contract.js';

/**
 * Edifice profile types (userinfo 2.x) and their 1.0 names, which some ENTs still send. `Personnel`
 * (PERSEDUCNAT) is deliberately absent: it covers administrative, technical and local-authority
 * staff, and e-carnet's staff role sees every pupil of the school, so it is granted only to the
 * types the operator lists in `staffTypes`.
 */
const TYPES: Readonly<Record<string, 'teacher' | 'pupil' | 'parent'>> = {
  Teacher: 'teacher',
  ENSEIGNANT: 'teacher',
  Student: 'pupil',
  ELEVE: 'pupil',
  Relative: 'parent',
  PERSRELELEVE: 'parent',
};

/** What the mapping needs from the connector's configuration. */
export interface EdificeMappingOptions {
  /** Profile types granted the staff role (none unless configured). */
  readonly staffTypes: readonly string[];
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
const texts = (value: unknown): string[] => (Array.isArray(value) ? value.map(text).filter((item): item is string => item !== undefined) : []);

interface EdificeChild {
  readonly id: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly externalId?: string;
}

/** `children` is an object keyed by user id in userinfo 2.x; a list of objects is read too. */
function childrenOf(value: unknown): EdificeChild[] {
  const entries: [string | undefined, unknown][] = Array.isArray(value)
    ? value.map((child: unknown) => [text((child as { id?: unknown } | null)?.id), child])
    : value && typeof value === 'object'
      ? Object.entries(value)
      : [];
  const children: EdificeChild[] = [];
  for (const [id, raw] of entries) {
    if (!id || !raw || typeof raw !== 'object') continue;
    const child = raw as Record<string, unknown>;
    const firstName = text(child.firstName);
    const lastName = text(child.lastName);
    const externalId = text(child.externalId);
    children.push({ id, ...(firstName ? { firstName } : {}), ...(lastName ? { lastName } : {}), ...(externalId ? { externalId } : {}) });
  }
  return children;
}

/**
 * A parent's children, as claims in the parent's schools. Userinfo 2.x names each child (ENT id,
 * names) but not the child's school. With one school, the child is looked for there, by ENT
 * account, directory key, then names (a names-only match waits for the school's confirmation).
 * With several schools, the child's school is unknown: the claim goes to each school without the
 * names, so that it designates only the pupil holding the child's ENT account or directory key —
 * never a homonym in the other school.
 */
function childClaims(children: readonly EdificeChild[], uais: readonly string[]): ChildClaim[] {
  const byName = uais.length === 1;
  return children.flatMap((child) =>
    uais.map((uai) => ({
      school: { uai },
      subject: child.id,
      ...(child.externalId ? { externalRef: child.externalId } : {}),
      ...(byName && child.firstName ? { givenName: child.firstName } : {}),
      ...(byName && child.lastName ? { familyName: child.lastName } : {}),
      trust: 'authoritative' as const,
    })),
  );
}

/** The kind of the person's own directory key (`externalId`): pupils' and responsible adults' only. */
const KEY_KINDS: Readonly<Partial<Record<'teacher' | 'pupil' | 'parent' | 'staff', DirectoryKey['kind']>>> = { pupil: 'pupil', parent: 'guardian' };

/**
 * Edifice userinfo (2.x) → a person: `type` gives the role, `uai` the schools (parallel to
 * `structures`), `classes` with `realClassesNames` the classes (placed in the school when the
 * person has exactly one), `children` the children (see `childClaims`). The ENT's directory comes
 * from the schools' records: its links are authoritative. A type no role maps signs in with no rights.
 */
export function edificeIdentity(claims: OidcClaims, issuer: string, connectorId: string, options: EdificeMappingOptions = { staffTypes: [] }): IdentityMapping {
  const subject = text(claims.sub) ?? text(claims.userId);
  const type = text(claims.type);
  if (!subject || !type) return { ok: false, missing: [...(subject ? [] : ['sub']), ...(type ? [] : ['type'])] };
  const role = TYPES[type] ?? (options.staffTypes.includes(type) ? 'staff' : undefined);

  const uais = texts(claims.uai)
    .map(asUai)
    .filter((uai): uai is string => uai !== undefined);
  const classIds = texts(claims.classes);
  const classNames = texts(claims.realClassesNames);
  const onlySchool = uais.length === 1 ? uais[0] : undefined;

  let schools: NormalizedIdentity['schools'] = [];
  let classes: ClassClaim[] = [];
  let children: ChildClaim[] = [];
  if (role === 'parent') {
    children = childClaims(childrenOf(claims.children), uais);
  } else if (role) {
    schools = uais.map((uai) => ({ school: { uai }, roles: [role] }));
    if (onlySchool && (role === 'teacher' || role === 'pupil')) {
      classes = classIds.map((id, index) => ({
        school: { uai: onlySchool },
        externalRef: id,
        ...(classNames[index] ? { name: classNames[index] } : {}),
        as: role,
      }));
    }
  }

  const givenName = text(claims.firstName) ?? text(claims.given_name);
  const familyName = text(claims.lastName) ?? text(claims.family_name);
  const email = text(claims.email);
  const externalId = text(claims.externalId);
  const keyKind = role ? KEY_KINDS[role] : undefined;
  return {
    ok: true,
    identity: {
      issuer,
      subject,
      connectorId,
      ...(givenName ? { givenName } : {}),
      ...(familyName ? { familyName } : {}),
      ...(email ? { email } : {}),
      directoryKeys: externalId && keyKind ? [{ kind: keyKind, key: externalId }] : [],
      schools,
      classes,
      children,
    },
  };
}

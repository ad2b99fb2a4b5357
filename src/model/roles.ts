/** What a person is in a school. One person may hold several roles (a teacher who is also a parent). */
export const SCHOOL_ROLES = ['director', 'teacher', 'staff', 'pupil', 'parent', 'parentRepresentative'] as const;
export type SchoolRole = (typeof SCHOOL_ROLES)[number];

/**
 * How far a legal guardian may follow a child: `full` parental authority, `informationOnly`
 * (authority withdrawn but the right to be informed kept), `noAccess` (a decision forbids it).
 */
export const GUARDIANSHIP_STATUSES = ['full', 'informationOnly', 'noAccess'] as const;
export type GuardianshipStatus = (typeof GUARDIANSHIP_STATUSES)[number];

/** A guardianship proposed by an invite code or an identity claim waits for the school's approval. */
export const GUARDIANSHIP_APPROVALS = ['approved', 'pending', 'rejected'] as const;
export type GuardianshipApproval = (typeof GUARDIANSHIP_APPROVALS)[number];

/** Where a guardianship came from, to explain it and to let a re-import update its own rows only. */
export const GUARDIANSHIP_SOURCES = ['manual', 'roster', 'ent', 'educonnect', 'lti', 'invite', 'demo'] as const;
export type GuardianshipSource = (typeof GUARDIANSHIP_SOURCES)[number];

/** The document behind a status: a court decision, a parents' agreement, or another document. */
export const LEGAL_BASIS_KINDS = ['courtDecision', 'agreement', 'other'] as const;
export type LegalBasisKind = (typeof LEGAL_BASIS_KINDS)[number];

/**
 * Who may see photos in which a child appears: nobody else (`none`), the child's own family,
 * the families of the child's class, or the whole school community. Listed from the most
 * restrictive to the widest: when guardians disagree, the earliest in this list applies.
 */
export const IMAGE_CONSENT_SCOPES = ['none', 'ownFamily', 'class', 'school'] as const;
export type ImageConsentScope = (typeof IMAGE_CONSENT_SCOPES)[number];

/**
 * What a photo is used for, each consented to separately: the child's own portfolio entries,
 * class moments (entries for the whole class), and class documents printed by the school.
 */
export const IMAGE_CONSENT_PURPOSES = ['portfolio', 'classMoments', 'printedDocuments'] as const;
export type ImageConsentPurpose = (typeof IMAGE_CONSENT_PURPOSES)[number];

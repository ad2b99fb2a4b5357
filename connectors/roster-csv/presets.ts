/** The pupil fields a roster line may hold. */
export type PupilField = 'pupilRef' | 'familyName' | 'givenName' | 'birthDate' | 'classRef' | 'className' | 'levels';
/**
 * The guardian fields a roster line may hold. `restriction` states a restriction ("Aucune",
 * "Information seulement", "Aucun accès"); `access` states the access itself ("Oui", "Non",
 * "Information"): the same word means opposite things in the two, so each has its own values.
 */
export type GuardianField =
  | 'guardianRef'
  | 'rank'
  | 'familyName'
  | 'givenName'
  | 'relationship'
  | 'email'
  | 'phone'
  | 'authority'
  | 'restriction'
  | 'access'
  | 'decisionKind'
  | 'decisionReference'
  | 'decisionDate';

/**
 * A column preset. `rowPerGuardian`: one line per pupil and guardian (ONDE's "élèves et leurs
 * responsables" extraction); `guardiansSideBySide`: one line per pupil, guardian 1 then 2 (SIECLE).
 * Each field lists the headers accepted for it; headers are compared normalised.
 */
export interface RosterPreset {
  readonly id: string;
  readonly layout: 'rowPerGuardian' | 'guardiansSideBySide';
  readonly pupil: Readonly<Record<PupilField, readonly string[]>>;
  /** For side by side, `{n}` stands for the guardian's rank (1 or 2). */
  readonly guardian: Readonly<Record<GuardianField, readonly string[]>>;
  readonly required: readonly PupilField[];
}

/** ONDE (primary schools): one line per guardian. Restriction columns are added by the school. */
export const ONDE: RosterPreset = {
  id: 'onde',
  layout: 'rowPerGuardian',
  pupil: {
    pupilRef: ['INE', 'Identifiant élève', 'Identifiant national élève'],
    familyName: ['Nom de famille élève', 'Nom élève'],
    givenName: ['Prénom élève'],
    birthDate: ['Date naissance', 'Date de naissance'],
    classRef: ['Identifiant classe'],
    className: ['Libellé classe', 'Classe'],
    levels: ['Niveau'],
  },
  guardian: {
    guardianRef: ['Identifiant responsable'],
    rank: ['Rang responsable', 'Responsable légal'],
    familyName: ['Nom responsable', 'Nom de famille responsable'],
    givenName: ['Prénom responsable'],
    relationship: ['Lien avec l’élève', 'Lien de parenté', 'Civilité responsable'],
    email: ['Courriel', 'Courriel responsable'],
    phone: ['Téléphone portable', 'Téléphone domicile'],
    authority: ['Autorité parentale'],
    restriction: ['Restriction'],
    access: ['Accès e-carnet'],
    decisionKind: ['Nature décision'],
    decisionReference: ['Référence décision'],
    decisionDate: ['Date décision'],
  },
  required: ['familyName', 'givenName', 'className'],
};

/** SIECLE (secondary schools): one line per pupil, legal guardians 1 and 2 side by side. */
export const SIECLE: RosterPreset = {
  id: 'siecle',
  layout: 'guardiansSideBySide',
  pupil: {
    pupilRef: ['ELEVE_ID', 'Numéro élève', 'INE'],
    familyName: ['NOM DE FAMILLE', 'NOM'],
    givenName: ['PRENOM', 'PRENOM 1'],
    birthDate: ['DATE NAISS', 'DATE NAISSANCE'],
    classRef: ['DIVISION', 'CODE DIVISION'],
    className: ['LIBELLE DIVISION', 'DIVISION'],
    levels: ['MEF', 'NIVEAU'],
  },
  guardian: {
    guardianRef: ['PERSONNE_ID RESP. LEG. {n}', 'ID RESP. LEG. {n}'],
    rank: [],
    familyName: ['NOM RESP. LEG. {n}'],
    givenName: ['PRENOM RESP. LEG. {n}'],
    relationship: ['LIEN RESP. LEG. {n}'],
    email: ['COURRIEL RESP. LEG. {n}'],
    phone: ['TEL PORTABLE RESP. LEG. {n}'],
    authority: ['AUTORITE PARENTALE RESP. LEG. {n}'],
    restriction: ['RESTRICTION RESP. LEG. {n}'],
    access: ['ACCES E-CARNET RESP. LEG. {n}'],
    decisionKind: ['NATURE DECISION RESP. LEG. {n}'],
    decisionReference: ['REF DECISION RESP. LEG. {n}'],
    decisionDate: ['DATE DECISION RESP. LEG. {n}'],
  },
  required: ['familyName', 'givenName', 'classRef'],
};

/** The presets a school may choose, by id. */
export const PRESETS: Readonly<Record<string, RosterPreset>> = { onde: ONDE, siecle: SIECLE };

/** Headers compared without case, accents, apostrophes or punctuation. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9{}]+/g, ' ')
    .trim();
}

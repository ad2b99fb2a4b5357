import type { GuardianshipStatus, ImageConsentScope, LegalBasisKind } from '../model/roles.js';

/*
 * The demo school, declared as data. Names are invented. It shows the cases e-carnet exists for:
 * separated parents with separate accounts, a parent whom a court decision keeps away, a parent
 * kept informed without parental authority, a child without image-rights consent, siblings in two
 * classes, families who read Arabic, Spanish, Portuguese, Turkish…, a family without e-mail.
 */

export type DemoClassKey = 'gs' | 'ce2';

export interface DemoAdult {
  readonly givenName: string;
  readonly familyName: string;
  readonly language?: string;
  /** Without an e-mail address: paper and phone are this family's channels. */
  readonly noEmail?: boolean;
}

interface DemoGuardian extends DemoAdult {
  readonly relationship: 'mother' | 'father' | 'guardian';
  readonly status?: GuardianshipStatus;
  readonly legalBasis?: { kind: LegalBasisKind; reference: string; date: string };
  /** Also the elected parent representative of the school. */
  readonly representative?: boolean;
}

interface DemoChild {
  readonly givenName: string;
  /** Defaults to the family's name. */
  readonly familyName?: string;
  readonly classKey: DemoClassKey;
  readonly consent: ImageConsentScope;
}

interface DemoFamily {
  readonly familyName: string;
  readonly children: readonly DemoChild[];
  readonly guardians: readonly DemoGuardian[];
}

export const DEMO_SCHOOL = {
  uai: '0759999L',
  name: 'École primaire Jules-Ferry (démo)',
  timezone: 'Europe/Paris',
};

export const DEMO_CLASSES: Record<DemoClassKey, { name: string; levels: string; cycle: number }> = {
  gs: { name: 'Grande section — Les Hiboux', levels: 'GS', cycle: 1 },
  ce2: { name: 'CE2 A', levels: 'CE2', cycle: 2 },
};

export const DEMO_DIRECTOR: DemoAdult = { givenName: 'Nathalie', familyName: 'Dubois' };

export const DEMO_TEACHERS: readonly (DemoAdult & { classKey: DemoClassKey; isMainTeacher: boolean })[] = [
  { givenName: 'Claire', familyName: 'Martin', classKey: 'gs', isMainTeacher: true },
  { givenName: 'Karim', familyName: 'Benali', classKey: 'ce2', isMainTeacher: true },
  { givenName: 'Sophie', familyName: 'Leroy', classKey: 'ce2', isMainTeacher: false },
];

export const DEMO_STAFF: readonly (DemoAdult & { staffFunction: string })[] = [
  { givenName: 'Fatou', familyName: 'Sow', staffFunction: 'atsem' },
];

const mother = (givenName: string, familyName: string, extra: Partial<DemoGuardian> = {}): DemoGuardian => ({
  givenName,
  familyName,
  relationship: 'mother',
  ...extra,
});
const father = (givenName: string, familyName: string, extra: Partial<DemoGuardian> = {}): DemoGuardian => ({
  givenName,
  familyName,
  relationship: 'father',
  ...extra,
});
const gs = (givenName: string, consent: ImageConsentScope = 'class'): DemoChild => ({ givenName, classKey: 'gs', consent });
const ce2 = (givenName: string, consent: ImageConsentScope = 'class'): DemoChild => ({ givenName, classKey: 'ce2', consent });

export const DEMO_FAMILIES: readonly DemoFamily[] = [
  {
    // Separated parents; a court decision withdrew the father's access.
    familyName: 'Petit',
    children: [gs('Léo')],
    guardians: [
      mother('Julie', 'Petit'),
      father('Marc', 'Petit', {
        status: 'noAccess',
        legalBasis: { kind: 'courtDecision', reference: 'JAF Paris, RG 25/04512', date: '2025-06-12' },
      }),
    ],
  },
  {
    // No image-rights consent: Lina's photos are never shown to other families.
    familyName: 'Haddad',
    children: [gs('Lina', 'none')],
    guardians: [mother('Nadia', 'Haddad', { language: 'ar' }), father('Samir', 'Haddad', { language: 'ar' })],
  },
  {
    // Siblings in both classes.
    familyName: 'Benkirane',
    children: [gs('Amira'), ce2('Yanis', 'school')],
    guardians: [mother('Leïla', 'Benkirane'), father('Rachid', 'Benkirane', { language: 'ar' })],
  },
  {
    familyName: 'García',
    children: [gs('Lucas')],
    guardians: [mother('María', 'García', { language: 'es' }), father('Javier', 'García', { language: 'es' })],
  },
  {
    // Separated parents who share parental authority: two accounts, the same information.
    familyName: 'Moreau',
    children: [gs('Inès')],
    guardians: [mother('Claire', 'Moreau'), father('Thomas', 'Roux')],
  },
  {
    familyName: 'Bernard',
    children: [gs('Chloé', 'school')],
    guardians: [mother('Sophie', 'Bernard', { representative: true }), father('Nicolas', 'Bernard')],
  },
  { familyName: 'Diallo', children: [gs('Adam')], guardians: [mother('Aminata', 'Diallo', { noEmail: true })] },
  { familyName: 'Lefèvre', children: [gs('Emma')], guardians: [mother('Camille', 'Lefèvre'), father('Julien', 'Lefèvre')] },
  { familyName: 'Fontaine', children: [gs('Noah', 'ownFamily')], guardians: [mother('Élodie', 'Fontaine')] },
  {
    familyName: 'Nguyen',
    children: [gs('Jade')],
    guardians: [mother('Thi Lan', 'Nguyen', { language: 'vi' }), father('Minh', 'Nguyen', { language: 'vi' })],
  },
  { familyName: 'Kowalski', children: [gs('Sacha')], guardians: [mother('Anna', 'Kowalska', { language: 'pl' })] },
  { familyName: 'Dupont', children: [gs('Louise', 'school')], guardians: [mother('Hélène', 'Dupont'), father('Marc', 'Dupont')] },
  { familyName: 'Silva', children: [gs('Gabriel')], guardians: [mother('Ana', 'Silva', { language: 'pt' })] },
  { familyName: 'Le Gall', children: [gs('Maël')], guardians: [mother('Gwenaëlle', 'Le Gall'), father('Yann', 'Le Gall')] },
  { familyName: 'Mercier', children: [gs('Rose')], guardians: [mother('Laure', 'Mercier'), father('Antoine', 'Mercier')] },
  { familyName: 'Lambert', children: [gs('Hugo', 'ownFamily')], guardians: [father('Olivier', 'Lambert')] },
  { familyName: 'Rousseau', children: [gs('Alice')], guardians: [mother('Marion', 'Rousseau'), father('Pierre', 'Rousseau')] },
  {
    familyName: 'Yılmaz',
    children: [gs('Ethan')],
    guardians: [mother('Ayşe', 'Yılmaz', { language: 'tr', noEmail: true }), father('Mehmet', 'Yılmaz', { language: 'tr' })],
  },
  { familyName: 'Fabre', children: [gs('Zoé')], guardians: [mother('Anne', 'Fabre')] },
  { familyName: 'Girard', children: [gs('Nathan')], guardians: [mother('Aurélie', 'Girard'), father('Sébastien', 'Girard')] },
  {
    // The father kept the right to be informed but not parental authority.
    familyName: 'Ortega',
    children: [ce2('Tom')],
    guardians: [
      mother('Lucía', 'Ortega', { language: 'es' }),
      father('Pablo', 'Ortega', {
        language: 'es',
        status: 'informationOnly',
        legalBasis: { kind: 'courtDecision', reference: 'JAF Créteil, RG 24/08831', date: '2024-11-05' },
      }),
    ],
  },
  { familyName: 'Blanc', children: [ce2('Manon')], guardians: [mother('Isabelle', 'Blanc'), father('David', 'Blanc')] },
  { familyName: 'Traoré', children: [ce2('Ibrahim', 'ownFamily')], guardians: [mother('Fatoumata', 'Traoré', { noEmail: true })] },
  { familyName: 'Robert', children: [ce2('Léa')], guardians: [mother('Céline', 'Robert'), father('Franck', 'Robert')] },
  { familyName: 'Petitjean', children: [ce2('Arthur', 'school')], guardians: [father('Laurent', 'Petitjean')] },
  { familyName: 'Popescu', children: [ce2('Sofia')], guardians: [mother('Ioana', 'Popescu', { language: 'ro' })] },
  {
    familyName: 'Cherif',
    children: [ce2('Mohamed')],
    guardians: [mother('Samira', 'Cherif', { language: 'ar' }), father('Youssef', 'Cherif', { language: 'ar' })],
  },
  { familyName: 'Durand', children: [ce2('Camille')], guardians: [mother('Nathalie', 'Durand'), father('Éric', 'Durand')] },
  { familyName: 'Morel', children: [ce2('Paul')], guardians: [mother('Sandrine', 'Morel')] },
  { familyName: 'Simon', children: [ce2('Clara', 'ownFamily')], guardians: [mother('Virginie', 'Simon'), father('Guillaume', 'Simon')] },
  { familyName: 'Laurent', children: [ce2('Enzo')], guardians: [father('Christophe', 'Laurent')] },
  { familyName: 'Michel', children: [ce2('Lou', 'school')], guardians: [mother('Émilie', 'Michel'), father('Jérôme', 'Michel')] },
  { familyName: 'Faure', children: [ce2('Raphaël')], guardians: [mother('Agnès', 'Faure')] },
  { familyName: 'André', children: [ce2('Anaïs')], guardians: [mother('Stéphanie', 'André'), father('Cédric', 'André')] },
  {
    familyName: "O'Brien",
    children: [ce2('Liam')],
    guardians: [mother('Siobhan', "O'Brien", { language: 'en' }), father('Patrick', "O'Brien", { language: 'en' })],
  },
  { familyName: 'Roussel', children: [ce2('Mila')], guardians: [mother('Caroline', 'Roussel')] },
  { familyName: 'Henry', children: [ce2('Timéo')], guardians: [mother('Delphine', 'Henry'), father('Fabien', 'Henry')] },
  { familyName: 'Perrin', children: [ce2('Eva')], guardians: [mother('Valérie', 'Perrin'), father('Arnaud', 'Perrin')] },
  {
    // Raised by her grandmother, her legal guardian (tutelle).
    familyName: 'Chevalier',
    children: [ce2('Nina')],
    guardians: [{ givenName: 'Monique', familyName: 'Chevalier', relationship: 'guardian' }],
  },
];

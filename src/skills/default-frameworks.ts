/**
 * The national defaults a school starts from, in the words of the official texts (French):
 * cycle 1 — the five learning domains of the école maternelle programme (BO n°25 of 24 June 2021)
 * with a few of their end-of-cycle expectations; cycles 2 and 3 — the subject domains of the
 * livret scolaire unique (LSU) periodic report. Schools edit, add and archive from there.
 */
interface DefaultDomain {
  readonly code: string;
  readonly label: string;
  readonly skills: readonly string[];
}

export const DEFAULT_FRAMEWORKS: Readonly<Record<1 | 2 | 3, readonly DefaultDomain[]>> = {
  1: [
    {
      code: 'c1-langage',
      label: 'Mobiliser le langage dans toutes ses dimensions',
      skills: [
        'Communiquer avec les adultes et les autres enfants par le langage, en se faisant comprendre',
        'Pratiquer divers usages du langage oral : raconter, décrire, évoquer, expliquer, questionner',
        'Manifester de la curiosité par rapport à l’écrit',
        'Reconnaître les lettres de l’alphabet et écrire son prénom en écriture cursive',
      ],
    },
    {
      code: 'c1-activite-physique',
      label: 'Agir, s’exprimer, comprendre à travers l’activité physique',
      skills: [
        'Courir, sauter, lancer de différentes façons, dans des espaces et avec des matériels variés',
        'Se déplacer avec aisance dans des environnements variés',
        'Coopérer, exercer des rôles différents, respecter les règles',
      ],
    },
    {
      code: 'c1-activites-artistiques',
      label: 'Agir, s’exprimer, comprendre à travers les activités artistiques',
      skills: [
        'Choisir différents outils, médiums, supports en fonction d’un projet',
        'Pratiquer le dessin pour représenter ou illustrer',
        'Avoir mémorisé un répertoire de comptines et de chansons',
      ],
    },
    {
      code: 'c1-outils-mathematiques',
      label: 'Acquérir les premiers outils mathématiques',
      skills: [
        'Utiliser les nombres entiers pour dénombrer une quantité',
        'Dire la suite des nombres jusqu’à 30',
        'Reconnaître et nommer le carré, le rectangle, le triangle et le cercle',
      ],
    },
    {
      code: 'c1-explorer-le-monde',
      label: 'Explorer le monde',
      skills: [
        'Situer des événements vécus les uns par rapport aux autres',
        'Reconnaître les principales étapes du développement d’un animal ou d’un végétal',
        'Utiliser des objets numériques : appareil photo, tablette, ordinateur',
      ],
    },
  ],
  2: [
    { code: 'c2-francais', label: 'Français', skills: ['Langage oral', 'Lecture et compréhension de l’écrit', 'Écriture', 'Étude de la langue (grammaire, orthographe, lexique)'] },
    { code: 'c2-mathematiques', label: 'Mathématiques', skills: ['Nombres et calcul', 'Grandeurs et mesures', 'Espace et géométrie'] },
    { code: 'c2-langues-vivantes', label: 'Langues vivantes', skills: ['Comprendre l’oral', 'S’exprimer oralement en continu', 'Prendre part à une conversation'] },
    { code: 'c2-eps', label: 'Éducation physique et sportive', skills: ['Produire une performance optimale', 'Adapter ses déplacements à des environnements variés', 'Conduire et maîtriser un affrontement collectif ou interindividuel'] },
    { code: 'c2-arts', label: 'Enseignements artistiques', skills: ['Arts plastiques', 'Éducation musicale'] },
    { code: 'c2-questionner-le-monde', label: 'Questionner le monde', skills: ['Le vivant, la matière, les objets', 'L’espace et le temps'] },
    { code: 'c2-emc', label: 'Enseignement moral et civique', skills: ['Respecter autrui', 'Acquérir et partager les valeurs de la République'] },
  ],
  3: [
    { code: 'c3-francais', label: 'Français', skills: ['Langage oral', 'Lecture et compréhension de l’écrit', 'Écriture', 'Étude de la langue (grammaire, orthographe, lexique)'] },
    { code: 'c3-mathematiques', label: 'Mathématiques', skills: ['Nombres et calcul', 'Grandeurs et mesures', 'Espace et géométrie'] },
    { code: 'c3-langues-vivantes', label: 'Langues vivantes', skills: ['Comprendre l’oral', 'Lire et comprendre', 'S’exprimer oralement en continu', 'Écrire'] },
    { code: 'c3-eps', label: 'Éducation physique et sportive', skills: ['Produire une performance optimale', 'Adapter ses déplacements à des environnements variés', 'S’exprimer devant les autres par une prestation artistique et/ou acrobatique', 'Conduire et maîtriser un affrontement collectif ou interindividuel'] },
    { code: 'c3-sciences', label: 'Sciences et technologie', skills: ['Matière, mouvement, énergie, information', 'Le vivant, sa diversité et les fonctions qui le caractérisent', 'Matériaux et objets techniques', 'La planète Terre, les êtres vivants dans leur environnement'] },
    { code: 'c3-histoire-geographie', label: 'Histoire et géographie', skills: ['Histoire', 'Géographie'] },
    { code: 'c3-arts', label: 'Enseignements artistiques', skills: ['Arts plastiques', 'Éducation musicale', 'Histoire des arts'] },
    { code: 'c3-emc', label: 'Enseignement moral et civique', skills: ['Respecter autrui', 'Acquérir et partager les valeurs de la République', 'Construire une culture civique'] },
  ],
};

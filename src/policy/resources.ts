import type { ImageConsentScope, SchoolRole } from '../model/roles.js';

/**
 * What can be asked for, each with the facts the policy needs to decide (which school, which
 * classes, which child). Routers build these from database rows, never from request input.
 */
export type Resource =
  | { kind: 'school'; schoolId: string }
  | { kind: 'schoolSettings'; schoolId: string }
  | { kind: 'class'; schoolId: string; classId: string }
  /** A pupil's directory entry: names and classes. */
  | { kind: 'pupil'; schoolId: string; pupilId: string; classIds: readonly string[] }
  /** A child's portfolio: work, comments, skills progress. */
  | { kind: 'portfolio'; schoolId: string; pupilId: string; classIds: readonly string[] }
  /** A guardian ↔ child link of a pupil; `guardianId` is the guardian it concerns. */
  | { kind: 'guardianship'; schoolId: string; pupilId: string; classIds: readonly string[]; guardianId: string }
  | { kind: 'imageConsent'; schoolId: string; pupilId: string; classIds: readonly string[] }
  /** An adult's own profile (names, language, contact details). */
  | { kind: 'person'; schoolId: string; personId: string }
  | { kind: 'auditLog'; schoolId: string }
  /** The school's pupil records as imported from ONDE / SIECLE (pupils, classes, guardians, restrictions). */
  | { kind: 'roster'; schoolId: string }
  /** One portfolio entry, described by `describeEntry` (src/portfolio/entry-facts.ts). */
  | ({ kind: 'portfolioEntry' } & EntryFacts)
  /** A photo, video, sound or document of an entry, with who appears in it and their image rights. */
  | ({ kind: 'medium' } & EntryFacts & { tags: readonly { pupilId: string; consent: ImageConsentScope }[] })
  /**
   * Posting to a class's portfolio: a teacher's post starts as a draft, a pupil's waits for the
   * teacher. `pupilPostsAllowed` is the school's setting.
   */
  | { kind: 'classPortfolio'; schoolId: string; classId: string; pupilPostsAllowed: boolean }
  /** The school's skills framework (domains and skills per cycle). */
  | { kind: 'skillFramework'; schoolId: string }
  /** Writing to the guardians of one child (together or each separately). */
  | { kind: 'familyMessage'; schoolId: string; pupilId: string; classIds: readonly string[] }
  /** Writing to every family of a class; `representativesMayWrite` is the school's setting. */
  | { kind: 'classMessage'; schoolId: string; classId: string; representativesMayWrite: boolean }
  /** Marking a message urgent (it then ignores quiet hours); `urgentRoles` is the school's setting. */
  | { kind: 'urgentMessage'; schoolId: string; urgentRoles: readonly SchoolRole[] }
  /** Writing to every family of the school. */
  | { kind: 'schoolMessage'; schoolId: string }
  /**
   * A guardian writing to a teacher about a child: `teachesChild` / `isMainTeacherOfChild` come
   * from the teaching assignments, `mainTeacherOnly` from the school's setting.
   */
  | {
      kind: 'teacherMessage';
      schoolId: string;
      pupilId: string;
      teacherId: string;
      teachesChild: boolean;
      isMainTeacherOfChild: boolean;
      mainTeacherOnly: boolean;
    }
  /**
   * A pupil writing to one of their teachers: `teachesPupil` comes from the teaching assignments
   * and enrolments in force, `pupilsMayWrite` from the school's setting (its default follows the
   * kind of school).
   */
  | { kind: 'pupilMessage'; schoolId: string; pupilId: string; teacherId: string; teachesPupil: boolean; pupilsMayWrite: boolean }
  /**
   * A message already sent. `pupilId` is the child through whom the reader receives it (null for
   * staff and for the sender); `recipientIds` lists who it was sent to. `pupilExchange` is set
   * for a pupil's own thread with a teacher: the pupil it belongs to, and whether the school lets
   * that pupil's guardians read it.
   */
  | {
      kind: 'message';
      schoolId: string;
      senderId: string;
      recipientIds: readonly string[];
      pupilId: string | null;
      pupilExchange: { pupilId: string; parentsMayRead: boolean } | null;
    }
  /**
   * The ways into a child's portfolio without an account (QR code, personal links, invite codes)
   * and the history of who opened it. `personalLinksAllowed` is the school's setting.
   */
  | { kind: 'sharing'; schoolId: string; pupilId: string; classIds: readonly string[]; personalLinksAllowed: boolean }
  /** The operator pages: every school with its counts, directors, connected ENTs and health. */
  | { kind: 'operatorConsole' }
  /** What the school deletes and when: the delay after leaving, legal holds on a child's data. */
  | { kind: 'retention'; schoolId: string }
  /**
   * The school's anonymous survey of families' equipment and digital skills. `classId` is the
   * class whose aggregate is asked for, or null for the whole school (launching, answering and
   * typing in paper forms are always school-wide).
   */
  | { kind: 'survey'; schoolId: string; classId: string | null }
  /** The school's communication charter: written by the director, read and acknowledged by families. */
  | { kind: 'charter'; schoolId: string }
  /**
   * A round of family meetings: `classIds` are the classes of the families it concerns (empty for
   * the whole school), `hostIds` the people who hold its meetings.
   */
  | { kind: 'meetingCampaign'; schoolId: string; classIds: readonly string[]; hostIds: readonly string[] }
  /**
   * One child's meeting (a slot to book, or booked): `informationOnlyInvited` is the campaign's
   * choice, `summaryPublished` whether the host published what was agreed.
   */
  | {
      kind: 'meeting';
      schoolId: string;
      pupilId: string;
      classIds: readonly string[];
      hostIds: readonly string[];
      informationOnlyInvited: boolean;
      summaryPublished: boolean;
    }
  /**
   * How far families are reached: the school's figures (`classId` null) or one class's; the
   * families to reach, named one by one, and the actions recorded for them.
   */
  | { kind: 'engagement'; schoolId: string; classId: string | null }
  /**
   * Everything a school holds about one person (RGPD articles 15 and 20): a guardian's own data,
   * or a child's. `ofAge`: the person is 18 or older (their guardians no longer act for them).
   */
  | { kind: 'familyData'; schoolId: string; personId: string; ofAge: boolean }
  /** The rectification and erasure requests families made to a school. */
  | { kind: 'dataRequest'; schoolId: string };

/** What the policy needs to know about a portfolio entry. */
export interface EntryFacts {
  readonly schoolId: string;
  readonly classId: string;
  /** The children the entry concerns (for a class moment: the class's pupils when it went out). */
  readonly pupilIds: readonly string[];
  readonly authorId: string;
  /** Still a pupil's contribution waiting for the teacher. */
  readonly awaitingApproval: boolean;
  /** Published and past the time families see it (publication slot, evaluation delay). */
  readonly familiesMaySee: boolean;
  /** Published and past its publication time: the child sees it before the family. */
  readonly pupilsMaySee: boolean;
}

export type ResourceKind = Resource['kind'];

/** The actions that make sense on each kind of resource. */
export const ACTIONS = {
  school: ['view'],
  schoolSettings: ['view', 'update'],
  class: ['view', 'viewRoster', 'publish'],
  pupil: ['view', 'actAsGuardian'],
  portfolio: ['view', 'contribute', 'export', 'import', 'present'],
  guardianship: ['view', 'viewLegalBasis', 'update'],
  imageConsent: ['view', 'update'],
  person: ['view', 'update'],
  auditLog: ['view'],
  roster: ['import'],
  portfolioEntry: ['view', 'edit', 'publish', 'respond', 'moderate'],
  medium: ['view'],
  classPortfolio: ['post', 'contribute'],
  skillFramework: ['view', 'edit'],
  familyMessage: ['send'],
  classMessage: ['send'],
  schoolMessage: ['send'],
  urgentMessage: ['send'],
  teacherMessage: ['send'],
  pupilMessage: ['send'],
  message: ['read', 'respond', 'answer', 'recall', 'viewReceipts', 'handlePaper'],
  sharing: ['manageCodes', 'createLink', 'manageLinks', 'viewHistory', 'invite', 'approveInvite', 'setLanguage'],
  operatorConsole: ['view', 'manageSchools'],
  retention: ['view', 'manage'],
  survey: ['launch', 'answer', 'enterPaper', 'viewResults', 'close'],
  charter: ['view', 'edit', 'acknowledge'],
  meetingCampaign: ['open', 'manage', 'viewFigures'],
  meeting: ['book', 'view', 'hold', 'viewPrivateNotes', 'readSummary', 'comment'],
  engagement: ['view', 'listFamilies'],
  familyData: ['export'],
  dataRequest: ['view', 'record', 'answer'],
} as const satisfies Record<ResourceKind, readonly string[]>;

export type ActionOn<K extends ResourceKind> = (typeof ACTIONS)[K][number];
export type ResourceOf<K extends ResourceKind> = Extract<Resource, { kind: K }>;

import { expect } from 'chai';
import { guardianshipKey, type Actor } from '../../src/policy/actor.js';
import { can } from '../../src/policy/can.js';
import { ACTIONS, type Resource, type ResourceKind } from '../../src/policy/resources.js';
import { SCHOOL_ROLES, type GuardianshipStatus, type SchoolRole } from '../../src/model/roles.js';

/*
 * The access matrix: every kind of actor against every kind of resource and every action,
 * allowed or denied. Pure: actors are built by hand here; test/policy/load-actor.test.ts
 * checks that the database produces these same actors.
 */

const A = 'school-a';
const B = 'school-b';
const A1 = 'class-a1';
const A2 = 'class-a2';
const B1 = 'class-b1';
const P = 'pupil-p'; // in A1
const Q = 'pupil-q'; // in A1 too
const R = 'pupil-r'; // in B1

interface ActorSpec {
  roles?: [string, SchoolRole[]][];
  teaches?: string[];
  enrolledIn?: string[];
  guardianOf?: [string, string, GuardianshipStatus, string][]; // school, child, status, child's class
}

function actor(id: string, spec: ActorSpec): Actor {
  const guardianships = new Map<string, GuardianshipStatus>();
  const followedChildClassIds = new Set<string>();
  for (const [school, child, status, klass] of spec.guardianOf ?? []) {
    guardianships.set(guardianshipKey(school, child), status);
    if (status !== 'noAccess') followedChildClassIds.add(klass);
  }
  return {
    personId: id,
    rolesBySchool: new Map((spec.roles ?? []).map(([school, roles]) => [school, new Set(roles)])),
    taughtClassIds: new Set(spec.teaches ?? []),
    mainTeacherClassIds: new Set(spec.teaches ?? []),
    enrolledClassIds: new Set(spec.enrolledIn ?? []),
    guardianships,
    followedChildClassIds,
  };
}

const ACTORS = {
  directorA: actor('directorA', { roles: [[A, ['director']]] }),
  directorB: actor('directorB', { roles: [[B, ['director']]] }),
  teacherA1: actor('teacherA1', { roles: [[A, ['teacher']]], teaches: [A1] }),
  teacherA2: actor('teacherA2', { roles: [[A, ['teacher']]], teaches: [A2] }),
  teacherB1: actor('teacherB1', { roles: [[B, ['teacher']]], teaches: [B1] }),
  staffA: actor('staffA', { roles: [[A, ['staff']]] }),
  pupilP: actor(P, { roles: [[A, ['pupil']]], enrolledIn: [A1] }),
  pupilQ: actor(Q, { roles: [[A, ['pupil']]], enrolledIn: [A1] }),
  guardianFull: actor('guardianFull', { roles: [[A, ['parent']]], guardianOf: [[A, P, 'full', A1]] }),
  guardianInfo: actor('guardianInfo', { roles: [[A, ['parent']]], guardianOf: [[A, P, 'informationOnly', A1]] }),
  guardianNoAccess: actor('guardianNoAccess', { roles: [[A, ['parent']]], guardianOf: [[A, P, 'noAccess', A1]] }),
  guardianOfQ: actor('guardianOfQ', { roles: [[A, ['parent']]], guardianOf: [[A, Q, 'full', A1]] }),
  representativeA: actor('representativeA', { roles: [[A, ['parentRepresentative']]] }),
  parentInB: actor('parentInB', { roles: [[B, ['parent']]], guardianOf: [[B, R, 'full', B1]] }),
  /** A teacher of A2 who is also Q's parent: each role counts only for what it covers. */
  teacherA2ParentOfQ: actor('teacherA2ParentOfQ', {
    roles: [[A, ['teacher', 'parent']]],
    teaches: [A2],
    guardianOf: [[A, Q, 'full', A1]],
  }),
  staffB: actor('staffB', { roles: [[B, ['staff']]] }),
  /** A guardianship of P recorded by school B gives nothing in school A. */
  guardianOfPInB: actor('guardianOfPInB', { roles: [[B, ['parent']]], guardianOf: [[B, P, 'full', B1]] }),
  stranger: actor('stranger', {}),
  /** Someone who opened P's portfolio with P's QR code or a personal link (no account). */
  sharedViewerOfP: { ...actor('sharedViewerOfP', { roles: [[A, ['parent']]], guardianOf: [[A, P, 'full', A1]] }), sharedViewer: true },
  /** Someone the configuration names as an operator, in the session they opened as such. */
  operator: { ...actor('operator', {}), operator: true },
  /** An operator who also happens to be P's parent and A's director: the operator session still sees no child. */
  operatorAlsoDirectorA: { ...actor('operatorAlsoDirectorA', { roles: [[A, ['director', 'parent']]], guardianOf: [[A, P, 'full', A1]] }), operator: true },
} satisfies Record<string, Actor>;

type ActorName = keyof typeof ACTORS;
const pChild = { schoolId: A, pupilId: P, classIds: [A1] };
const rChild = { schoolId: B, pupilId: R, classIds: [B1] };
const publishedEntryAboutP = {
  schoolId: A,
  classId: A1,
  pupilIds: [P],
  authorId: 'teacherA1',
  awaitingApproval: false,
  familiesMaySee: true,
  pupilsMaySee: true,
};
const classMomentOfA1 = { ...publishedEntryAboutP, pupilIds: [P, Q] };

/** Each resource, and for each of its kind's actions, exactly who may. Everyone else may not. */
const MATRIX: { name: string; resource: Resource; allowed: Record<string, ActorName[]> }[] = [
  {
    name: 'the data requests of school A',
    resource: { kind: 'dataRequest', schoolId: A },
    allowed: { view: ['directorA'], record: ['directorA'], answer: ['directorA'] },
  },
  {
    name: 'the data school A holds about guardianFull',
    resource: { kind: 'familyData', schoolId: A, personId: 'guardianFull', ofAge: true },
    allowed: { export: ['guardianFull'] },
  },
  {
    name: 'the data school A holds about pupil P, a minor',
    resource: { kind: 'familyData', schoolId: A, personId: P, ofAge: false },
    allowed: { export: ['guardianFull', 'guardianInfo'] },
  },
  {
    name: 'the data school A holds about pupil P, of age',
    resource: { kind: 'familyData', schoolId: A, personId: P, ofAge: true },
    allowed: { export: ['pupilP'] },
  },
  {
    name: 'the data school B holds about guardianFull (who follows no child there)',
    resource: { kind: 'familyData', schoolId: B, personId: 'guardianFull', ofAge: true },
    allowed: { export: [] },
  },
  {
    name: 'school A',
    resource: { kind: 'school', schoolId: A },
    allowed: {
      view: [
        'directorA',
        'teacherA1',
        'teacherA2',
        'teacherA2ParentOfQ',
        'staffA',
        'pupilP',
        'pupilQ',
        'guardianFull',
        'guardianInfo',
        'guardianOfQ',
        'representativeA',
      ],
    },
  },
  {
    name: 'settings of school A',
    resource: { kind: 'schoolSettings', schoolId: A },
    allowed: { view: ['directorA', 'staffA', 'teacherA1', 'teacherA2', 'teacherA2ParentOfQ'], update: ['directorA'] },
  },
  {
    name: 'class A1',
    resource: { kind: 'class', schoolId: A, classId: A1 },
    allowed: {
      view: ['directorA', 'staffA', 'teacherA1', 'pupilP', 'pupilQ', 'guardianFull', 'guardianInfo', 'guardianOfQ', 'teacherA2ParentOfQ'],
      viewRoster: ['directorA', 'staffA', 'teacherA1'],
      publish: ['teacherA1'],
    },
  },
  {
    name: 'class B1',
    resource: { kind: 'class', schoolId: B, classId: B1 },
    allowed: {
      view: ['directorB', 'staffB', 'teacherB1', 'parentInB', 'guardianOfPInB'],
      viewRoster: ['directorB', 'staffB', 'teacherB1'],
      publish: ['teacherB1'],
    },
  },
  {
    name: 'pupil P',
    resource: { kind: 'pupil', ...pChild },
    allowed: {
      view: ['directorA', 'staffA', 'teacherA1', 'pupilP', 'guardianFull', 'guardianInfo'],
      actAsGuardian: ['guardianFull'],
    },
  },
  {
    name: 'pupil Q (child of a teacher of another class)',
    resource: { kind: 'pupil', schoolId: A, pupilId: Q, classIds: [A1] },
    allowed: {
      view: ['directorA', 'staffA', 'teacherA1', 'pupilQ', 'guardianOfQ', 'teacherA2ParentOfQ'],
      actAsGuardian: ['guardianOfQ', 'teacherA2ParentOfQ'],
    },
  },
  {
    name: 'pupil R (school B)',
    resource: { kind: 'pupil', ...rChild },
    allowed: { view: ['directorB', 'staffB', 'teacherB1', 'parentInB'], actAsGuardian: ['parentInB'] },
  },
  {
    name: "P's portfolio",
    resource: { kind: 'portfolio', ...pChild },
    allowed: {
      view: ['directorA', 'teacherA1', 'pupilP', 'guardianFull', 'guardianInfo', 'sharedViewerOfP'],
      contribute: ['teacherA1'],
      export: ['directorA', 'teacherA1', 'pupilP', 'guardianFull', 'guardianInfo'],
      import: ['directorA', 'teacherA1'],
      present: ['pupilP'],
    },
  },
  {
    name: "R's portfolio (school B)",
    resource: { kind: 'portfolio', ...rChild },
    allowed: { view: ['directorB', 'teacherB1', 'parentInB'], contribute: ['teacherB1'], export: ['directorB', 'teacherB1', 'parentInB'], import: ['directorB', 'teacherB1'], present: [] },
  },
  {
    name: "guardianFull's link to P",
    resource: { kind: 'guardianship', ...pChild, guardianId: 'guardianFull' },
    allowed: {
      view: ['directorA', 'staffA', 'teacherA1', 'guardianFull'],
      viewLegalBasis: ['directorA'],
      update: ['directorA'],
    },
  },
  {
    name: "guardianNoAccess's link to P",
    resource: { kind: 'guardianship', ...pChild, guardianId: 'guardianNoAccess' },
    allowed: { view: ['directorA', 'staffA', 'teacherA1'], viewLegalBasis: ['directorA'], update: ['directorA'] },
  },
  {
    name: "P's image rights",
    resource: { kind: 'imageConsent', ...pChild },
    allowed: {
      view: ['directorA', 'teacherA1', 'guardianFull', 'guardianInfo'],
      update: ['directorA', 'teacherA1', 'guardianFull'],
    },
  },
  {
    name: "guardianFull's profile",
    resource: { kind: 'person', schoolId: A, personId: 'guardianFull' },
    allowed: { view: ['guardianFull', 'directorA', 'staffA'], update: ['guardianFull', 'directorA'] },
  },
  {
    name: 'audit log of school A',
    resource: { kind: 'auditLog', schoolId: A },
    allowed: { view: ['directorA'] },
  },
  {
    name: 'audit log of school B',
    resource: { kind: 'auditLog', schoolId: B },
    allowed: { view: ['directorB'] },
  },
  {
    name: 'pupil records of school A',
    resource: { kind: 'roster', schoolId: A },
    allowed: { import: ['directorA'] },
  },
  {
    name: 'published entry about P',
    resource: { kind: 'portfolioEntry', ...publishedEntryAboutP },
    allowed: {
      view: ['directorA', 'teacherA1', 'pupilP', 'guardianFull', 'guardianInfo', 'sharedViewerOfP'],
      edit: ['teacherA1'],
      publish: ['teacherA1'],
      respond: ['guardianFull', 'guardianInfo'],
      moderate: ['directorA', 'teacherA1'],
    },
  },
  {
    name: 'draft entry about P',
    resource: { kind: 'portfolioEntry', ...publishedEntryAboutP, familiesMaySee: false, pupilsMaySee: false },
    allowed: { view: ['directorA', 'teacherA1'], edit: ['teacherA1'], publish: ['teacherA1'], respond: [], moderate: ['directorA', 'teacherA1'] },
  },
  {
    name: 'evaluation of P still in its delay (the child sees it first)',
    resource: { kind: 'portfolioEntry', ...publishedEntryAboutP, familiesMaySee: false },
    allowed: { view: ['directorA', 'teacherA1', 'pupilP'], edit: ['teacherA1'], publish: ['teacherA1'], respond: [], moderate: ['directorA', 'teacherA1'] },
  },
  {
    name: "P's own contribution waiting for the teacher",
    resource: { kind: 'portfolioEntry', ...publishedEntryAboutP, authorId: P, awaitingApproval: true, familiesMaySee: false, pupilsMaySee: false },
    allowed: { view: ['directorA', 'teacherA1', 'pupilP'], edit: ['teacherA1', 'pupilP'], publish: ['teacherA1'], respond: [], moderate: ['directorA', 'teacherA1'] },
  },
  {
    name: 'class moment of A1 (P and Q)',
    resource: { kind: 'portfolioEntry', ...classMomentOfA1 },
    allowed: {
      view: ['directorA', 'teacherA1', 'pupilP', 'pupilQ', 'guardianFull', 'guardianInfo', 'guardianOfQ', 'teacherA2ParentOfQ', 'sharedViewerOfP'],
      edit: ['teacherA1'],
      publish: ['teacherA1'],
      respond: ['guardianFull', 'guardianInfo', 'guardianOfQ', 'teacherA2ParentOfQ'],
      moderate: ['directorA', 'teacherA1'],
    },
  },
  {
    name: 'class-moment photo in which nobody appears',
    resource: { kind: 'medium', ...classMomentOfA1, tags: [] },
    allowed: { view: ['directorA', 'teacherA1', 'pupilP', 'pupilQ', 'guardianFull', 'guardianInfo', 'guardianOfQ', 'teacherA2ParentOfQ', 'sharedViewerOfP'] },
  },
  {
    name: 'class-moment photo of Q, who has no image consent',
    resource: { kind: 'medium', ...classMomentOfA1, tags: [{ pupilId: Q, consent: 'none' }] },
    allowed: { view: ['directorA', 'teacherA1', 'pupilQ', 'guardianOfQ', 'teacherA2ParentOfQ'] },
  },
  {
    name: "class-moment photo of P and Q, Q's consent reaching the class",
    resource: {
      kind: 'medium',
      ...classMomentOfA1,
      tags: [
        { pupilId: P, consent: 'ownFamily' },
        { pupilId: Q, consent: 'class' },
      ],
    },
    allowed: { view: ['directorA', 'teacherA1', 'pupilP', 'guardianFull', 'guardianInfo', 'sharedViewerOfP'] },
  },
  {
    name: 'photo in an entry about P, of P only (no consent: own family still sees it)',
    resource: { kind: 'medium', ...publishedEntryAboutP, tags: [{ pupilId: P, consent: 'none' }] },
    allowed: { view: ['directorA', 'teacherA1', 'pupilP', 'guardianFull', 'guardianInfo', 'sharedViewerOfP'] },
  },
  {
    name: 'photo of a draft entry, Q consenting school-wide',
    resource: { kind: 'medium', ...publishedEntryAboutP, familiesMaySee: false, pupilsMaySee: false, tags: [{ pupilId: Q, consent: 'school' }] },
    allowed: { view: ['directorA', 'teacherA1'] },
  },
  {
    name: "class A1's portfolio, pupils' posts allowed",
    resource: { kind: 'classPortfolio', schoolId: A, classId: A1, pupilPostsAllowed: true },
    allowed: { post: ['teacherA1'], contribute: ['pupilP', 'pupilQ'] },
  },
  {
    name: "class A1's portfolio, pupils' posts closed",
    resource: { kind: 'classPortfolio', schoolId: A, classId: A1, pupilPostsAllowed: false },
    allowed: { post: ['teacherA1'], contribute: [] },
  },
  {
    name: "class B1's portfolio, pupils' posts allowed",
    resource: { kind: 'classPortfolio', schoolId: B, classId: B1, pupilPostsAllowed: true },
    allowed: { post: ['teacherB1'], contribute: [] },
  },
  {
    name: 'skills framework of school A',
    resource: { kind: 'skillFramework', schoolId: A },
    allowed: { view: ['directorA', 'staffA', 'teacherA1', 'teacherA2', 'teacherA2ParentOfQ'], edit: ['directorA', 'teacherA1', 'teacherA2', 'teacherA2ParentOfQ'] },
  },
  {
    name: "message to P's guardians",
    resource: { kind: 'familyMessage', ...pChild },
    allowed: { send: ['directorA', 'staffA', 'teacherA1'] },
  },
  {
    name: "message to R's guardians (school B)",
    resource: { kind: 'familyMessage', ...rChild },
    allowed: { send: ['directorB', 'teacherB1', 'staffB'] },
  },
  {
    name: 'message to the families of A1, representatives not enabled',
    resource: { kind: 'classMessage', schoolId: A, classId: A1, representativesMayWrite: false },
    allowed: { send: ['directorA', 'staffA', 'teacherA1'] },
  },
  {
    name: 'message to the families of A1, representatives enabled',
    resource: { kind: 'classMessage', schoolId: A, classId: A1, representativesMayWrite: true },
    allowed: { send: ['directorA', 'staffA', 'teacherA1', 'representativeA'] },
  },
  {
    name: 'school announcement in A',
    resource: { kind: 'schoolMessage', schoolId: A },
    allowed: { send: ['directorA', 'staffA'] },
  },
  {
    name: 'an urgent message in A, urgency left to the director',
    resource: { kind: 'urgentMessage', schoolId: A, urgentRoles: ['director'] },
    allowed: { send: ['directorA'] },
  },
  {
    name: 'an urgent message in A, urgency open to the director, staff and teachers',
    resource: { kind: 'urgentMessage', schoolId: A, urgentRoles: ['director', 'staff', 'teacher'] },
    allowed: { send: ['directorA', 'staffA', 'teacherA1', 'teacherA2', 'teacherA2ParentOfQ'] },
  },
  {
    name: 'an urgent message in B, urgency open to the director, staff and teachers',
    resource: { kind: 'urgentMessage', schoolId: B, urgentRoles: ['director', 'staff', 'teacher'] },
    allowed: { send: ['directorB', 'teacherB1', 'staffB'] },
  },
  {
    name: 'an urgent message in A, urgency given to parents (the role counts, not a followed child)',
    resource: { kind: 'urgentMessage', schoolId: A, urgentRoles: ['parent'] },
    allowed: { send: ['guardianFull', 'guardianInfo', 'guardianNoAccess', 'guardianOfQ', 'teacherA2ParentOfQ'] },
  },
  {
    name: 'an urgent message in A, urgency given to no role',
    resource: { kind: 'urgentMessage', schoolId: A, urgentRoles: [] },
    allowed: { send: [] },
  },
  {
    name: "a parent's message to P's main teacher",
    resource: { kind: 'teacherMessage', schoolId: A, pupilId: P, teacherId: 'teacherA1', teachesChild: true, isMainTeacherOfChild: true, mainTeacherOnly: true },
    allowed: { send: ['guardianFull', 'guardianInfo'] },
  },
  {
    name: "a parent's message to another teacher of P, any teacher allowed",
    resource: { kind: 'teacherMessage', schoolId: A, pupilId: P, teacherId: 'teacherX', teachesChild: true, isMainTeacherOfChild: false, mainTeacherOnly: false },
    allowed: { send: ['guardianFull', 'guardianInfo'] },
  },
  {
    name: "a parent's message to another teacher of P, main teacher only",
    resource: { kind: 'teacherMessage', schoolId: A, pupilId: P, teacherId: 'teacherX', teachesChild: true, isMainTeacherOfChild: false, mainTeacherOnly: true },
    allowed: { send: [] },
  },
  {
    name: "a parent's message to a teacher who does not teach P",
    resource: { kind: 'teacherMessage', schoolId: A, pupilId: P, teacherId: 'teacherA2', teachesChild: false, isMainTeacherOfChild: false, mainTeacherOnly: false },
    allowed: { send: [] },
  },
  {
    name: "a message of teacher A1 to P's guardians",
    resource: { kind: 'message', schoolId: A, senderId: 'teacherA1', recipientIds: ['guardianFull', 'guardianInfo', 'guardianNoAccess'], pupilId: P, pupilExchange: null },
    allowed: {
      read: ['teacherA1', 'guardianFull', 'guardianInfo'],
      respond: ['teacherA1', 'guardianFull', 'guardianInfo'],
      answer: ['guardianFull'],
      recall: ['teacherA1'],
      viewReceipts: ['teacherA1', 'directorA'],
      handlePaper: ['teacherA1', 'directorA'],
    },
  },
  {
    name: 'a message of teacher A1 on which pupil P is copied',
    resource: { kind: 'message', schoolId: A, senderId: 'teacherA1', recipientIds: [P], pupilId: P, pupilExchange: null },
    allowed: { read: ['teacherA1', 'pupilP'], respond: ['teacherA1', 'pupilP'], answer: [], recall: ['teacherA1'], viewReceipts: ['teacherA1', 'directorA'], handlePaper: ['teacherA1', 'directorA'] },
  },
  {
    name: "a parent's message to teacher A1",
    resource: { kind: 'message', schoolId: A, senderId: 'guardianFull', recipientIds: ['teacherA1'], pupilId: null, pupilExchange: null },
    allowed: { read: ['guardianFull', 'teacherA1'], respond: ['guardianFull', 'teacherA1'], answer: ['teacherA1'], recall: ['guardianFull'], viewReceipts: ['guardianFull', 'directorA'], handlePaper: ['directorA'] },
  },
  {
    name: "pupil P's message to teacher A1, guardians not reading pupils' exchanges",
    resource: { kind: 'message', schoolId: A, senderId: P, recipientIds: ['teacherA1'], pupilId: null, pupilExchange: { pupilId: P, parentsMayRead: false } },
    allowed: { read: ['pupilP', 'teacherA1'], respond: ['pupilP', 'teacherA1'], answer: ['teacherA1'], recall: ['pupilP'], viewReceipts: ['pupilP', 'directorA'], handlePaper: [] },
  },
  {
    name: "pupil P's message to teacher A1, the school letting guardians read pupils' exchanges",
    resource: { kind: 'message', schoolId: A, senderId: P, recipientIds: ['teacherA1'], pupilId: null, pupilExchange: { pupilId: P, parentsMayRead: true } },
    allowed: {
      // Read only: the guardians neither answer nor react in their child's exchange.
      read: ['pupilP', 'teacherA1', 'guardianFull', 'guardianInfo'],
      respond: ['pupilP', 'teacherA1'],
      answer: ['teacherA1'],
      recall: ['pupilP'],
      viewReceipts: ['pupilP', 'directorA'],
      handlePaper: [],
    },
  },
  {
    name: "teacher A1's reply to pupil P, guardians not reading pupils' exchanges",
    resource: { kind: 'message', schoolId: A, senderId: 'teacherA1', recipientIds: [P], pupilId: P, pupilExchange: { pupilId: P, parentsMayRead: false } },
    allowed: { read: ['teacherA1', 'pupilP'], respond: ['teacherA1', 'pupilP'], answer: [], recall: ['teacherA1'], viewReceipts: ['teacherA1', 'directorA'], handlePaper: [] },
  },
  {
    name: "pupil P's message to teacher A1 (P's teacher), school allowing pupils to write",
    resource: { kind: 'pupilMessage', schoolId: A, pupilId: P, teacherId: 'teacherA1', teachesPupil: true, pupilsMayWrite: true },
    allowed: { send: ['pupilP'] },
  },
  {
    name: "pupil P's message to teacher A1, school not allowing pupils to write",
    resource: { kind: 'pupilMessage', schoolId: A, pupilId: P, teacherId: 'teacherA1', teachesPupil: true, pupilsMayWrite: false },
    allowed: { send: [] },
  },
  {
    name: "pupil P's message to teacher A2, who does not teach P",
    resource: { kind: 'pupilMessage', schoolId: A, pupilId: P, teacherId: 'teacherA2', teachesPupil: false, pupilsMayWrite: true },
    allowed: { send: [] },
  },
  {
    name: "sharing of P's portfolio (personal links allowed)",
    resource: { kind: 'sharing', ...pChild, personalLinksAllowed: true },
    allowed: {
      manageCodes: ['directorA', 'teacherA1'],
      createLink: ['guardianFull'],
      manageLinks: ['directorA', 'teacherA1', 'guardianFull'],
      viewHistory: ['directorA', 'teacherA1', 'guardianFull', 'guardianInfo'],
      invite: ['directorA', 'teacherA1'],
      approveInvite: ['directorA', 'teacherA1'],
      setLanguage: ['directorA', 'teacherA1', 'guardianFull'],
    },
  },
  {
    name: "sharing of P's portfolio (the school forbids personal links)",
    resource: { kind: 'sharing', ...pChild, personalLinksAllowed: false },
    allowed: {
      manageCodes: ['directorA', 'teacherA1'],
      createLink: [],
      manageLinks: ['directorA', 'teacherA1', 'guardianFull'],
      viewHistory: ['directorA', 'teacherA1', 'guardianFull', 'guardianInfo'],
      invite: ['directorA', 'teacherA1'],
      approveInvite: ['directorA', 'teacherA1'],
      setLanguage: ['directorA', 'teacherA1', 'guardianFull'],
    },
  },
  {
    name: "sharing of R's portfolio (school B)",
    resource: { kind: 'sharing', ...rChild, personalLinksAllowed: true },
    allowed: {
      manageCodes: ['directorB', 'teacherB1'],
      createLink: ['parentInB'],
      manageLinks: ['directorB', 'teacherB1', 'parentInB'],
      viewHistory: ['directorB', 'teacherB1', 'parentInB'],
      invite: ['directorB', 'teacherB1'],
      approveInvite: ['directorB', 'teacherB1'],
      setLanguage: ['directorB', 'teacherB1', 'parentInB'],
    },
  },
  {
    name: 'the survey of school A, whole school',
    resource: { kind: 'survey', schoolId: A, classId: null },
    allowed: {
      launch: ['directorA'],
      answer: ['guardianFull', 'guardianInfo', 'guardianOfQ', 'teacherA2ParentOfQ'],
      enterPaper: ['directorA', 'staffA'],
      viewResults: ['directorA', 'staffA', 'representativeA'],
      close: ['directorA'],
    },
  },
  {
    name: 'the survey of school A, class A1',
    resource: { kind: 'survey', schoolId: A, classId: A1 },
    allowed: {
      launch: ['directorA'],
      answer: ['guardianFull', 'guardianInfo', 'guardianOfQ', 'teacherA2ParentOfQ'],
      enterPaper: ['directorA', 'staffA'],
      viewResults: ['directorA', 'staffA', 'teacherA1'],
      close: ['directorA'],
    },
  },
  {
    name: 'the survey of school B, whole school',
    resource: { kind: 'survey', schoolId: B, classId: null },
    allowed: { launch: ['directorB'], answer: ['parentInB', 'guardianOfPInB'], enterPaper: ['directorB', 'staffB'], viewResults: ['directorB', 'staffB'], close: ['directorB'] },
  },
  {
    name: 'the charter of school A',
    resource: { kind: 'charter', schoolId: A },
    allowed: {
      view: ['directorA', 'teacherA1', 'teacherA2', 'teacherA2ParentOfQ', 'staffA', 'pupilP', 'pupilQ', 'guardianFull', 'guardianInfo', 'guardianOfQ', 'representativeA'],
      edit: ['directorA'],
      acknowledge: ['guardianFull', 'guardianInfo', 'guardianOfQ', 'teacherA2ParentOfQ'],
    },
  },
  {
    name: 'the operator console',
    resource: { kind: 'operatorConsole' },
    allowed: { view: ['operator', 'operatorAlsoDirectorA'], manageSchools: ['operator', 'operatorAlsoDirectorA'] },
  },
  {
    name: 'retention of school A',
    resource: { kind: 'retention', schoolId: A },
    allowed: { view: ['directorA'], manage: ['directorA'] },
  },
  {
    name: 'retention of school B',
    resource: { kind: 'retention', schoolId: B },
    allowed: { view: ['directorB'], manage: ['directorB'] },
  },
  {
    name: 'a meeting round for class A1 held by teacherA1 and staffA',
    resource: { kind: 'meetingCampaign', schoolId: A, classIds: [A1], hostIds: ['teacherA1', 'staffA'] },
    allowed: {
      open: ['directorA', 'staffA', 'teacherA1'],
      manage: ['directorA', 'staffA', 'teacherA1'],
      viewFigures: ['directorA', 'staffA', 'teacherA1'],
    },
  },
  {
    name: 'a meeting round for the whole of school A held by the director',
    resource: { kind: 'meetingCampaign', schoolId: A, classIds: [], hostIds: ['directorA'] },
    allowed: { open: ['directorA', 'staffA'], manage: ['directorA'], viewFigures: ['directorA'] },
  },
  {
    name: "P's meeting with teacherA1, summary not yet published, information-only guardians not invited",
    resource: { kind: 'meeting', ...pChild, hostIds: ['teacherA1'], informationOnlyInvited: false, summaryPublished: false },
    allowed: {
      book: ['guardianFull'],
      view: ['directorA', 'teacherA1', 'guardianFull'],
      hold: ['teacherA1'],
      viewPrivateNotes: ['teacherA1'],
      readSummary: ['directorA', 'teacherA1'],
      comment: [],
    },
  },
  {
    name: "P's meeting with teacherA1, summary published, information-only guardians invited",
    resource: { kind: 'meeting', ...pChild, hostIds: ['teacherA1'], informationOnlyInvited: true, summaryPublished: true },
    allowed: {
      book: ['guardianFull', 'guardianInfo'],
      view: ['directorA', 'teacherA1', 'guardianFull', 'guardianInfo'],
      hold: ['teacherA1'],
      viewPrivateNotes: ['teacherA1'],
      readSummary: ['directorA', 'teacherA1', 'guardianFull', 'guardianInfo'],
      comment: ['guardianFull', 'guardianInfo'],
    },
  },
  {
    name: "R's meeting in school B, a host of school A named by mistake",
    resource: { kind: 'meeting', ...rChild, hostIds: ['teacherB1', 'teacherA1'], informationOnlyInvited: true, summaryPublished: true },
    allowed: {
      book: ['parentInB'],
      view: ['directorB', 'teacherB1', 'parentInB'],
      hold: ['teacherB1'],
      viewPrivateNotes: ['teacherB1'],
      readSummary: ['directorB', 'teacherB1', 'parentInB'],
      comment: ['parentInB'],
    },
  },
  {
    name: "school A's engagement figures",
    resource: { kind: 'engagement', schoolId: A, classId: null },
    allowed: { view: ['directorA', 'representativeA'], listFamilies: ['directorA'] },
  },
  {
    name: "class A1's engagement figures",
    resource: { kind: 'engagement', schoolId: A, classId: A1 },
    allowed: { view: ['directorA', 'teacherA1'], listFamilies: ['directorA', 'teacherA1'] },
  },
  {
    name: "class B1's engagement figures",
    resource: { kind: 'engagement', schoolId: B, classId: B1 },
    allowed: { view: ['directorB', 'teacherB1'], listFamilies: ['directorB', 'teacherB1'] },
  },
];

describe('access policy matrix', () => {
  it('covers every role and every kind of resource', () => {
    const roles = new Set<SchoolRole>();
    for (const actor of Object.values(ACTORS)) for (const set of actor.rolesBySchool.values()) for (const role of set) roles.add(role);
    expect([...roles].sort()).to.deep.equal([...SCHOOL_ROLES].sort());
    const kinds = new Set(MATRIX.map((row) => row.resource.kind));
    expect([...kinds].sort()).to.deep.equal((Object.keys(ACTIONS) as ResourceKind[]).sort());
  });

  it('denies everything to a request without an actor', () => {
    for (const row of MATRIX) {
      for (const action of ACTIONS[row.resource.kind]) expect(can(undefined, action as never, row.resource as never)).to.equal(false);
    }
  });

  for (const row of MATRIX) {
    for (const action of ACTIONS[row.resource.kind]) {
      it(`${action} ${row.name}: only ${(row.allowed[action] ?? []).join(', ') || 'nobody'}`, () => {
        const expected = row.allowed[action];
        expect(expected, `the matrix has no line for ${action} on ${row.name}`).to.be.an('array');
        const mismatches = (Object.keys(ACTORS) as ActorName[]).filter(
          (name) => can(ACTORS[name], action as never, row.resource as never) !== expected!.includes(name),
        );
        expect(mismatches, `decided wrongly for: ${mismatches.join(', ')}`).to.deep.equal([]);
      });
    }
  }
});

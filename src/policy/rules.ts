import type { Actor } from './actor.js';
import { guardianshipKey, hasRole } from './actor.js';
import type { ImageConsentScope } from '../model/roles.js';
import type { ActionOn, EntryFacts, ResourceKind, ResourceOf } from './resources.js';

type Rule<K extends ResourceKind> = (actor: Actor, resource: ResourceOf<K>) => boolean;
type RuleBook = { [K in ResourceKind]: { [A in ActionOn<K>]: Rule<K> } };

/*
 * Building blocks. Every one of them is bound to the resource's school: a role, a class or a
 * guardianship in another school never counts.
 */

const isDirector = (actor: Actor, schoolId: string): boolean => hasRole(actor, schoolId, 'director');
const isStaff = (actor: Actor, schoolId: string): boolean => hasRole(actor, schoolId, 'staff');
/**
 * Belongs to the school's community. A parent belongs through a child they may follow: a parent
 * kept away by a decision must not even learn which school the child attends.
 */
const isMember = (actor: Actor, schoolId: string): boolean => {
  const roles = actor.rolesBySchool.get(schoolId);
  if (!roles) return false;
  for (const role of roles) {
    if (role !== 'parent') return true;
  }
  return followsAnyChildIn(actor, schoolId);
};

const followsAnyChildIn = (actor: Actor, schoolId: string): boolean => {
  for (const [key, status] of actor.guardianships) {
    if (key.startsWith(`${schoolId}/`) && status !== 'noAccess') return true;
  }
  return false;
};

/** A teacher of the school who teaches one of these classes now. */
const teachesAny = (actor: Actor, schoolId: string, classIds: readonly string[]): boolean =>
  hasRole(actor, schoolId, 'teacher') && classIds.some((classId) => actor.taughtClassIds.has(classId));

/** The pupil themself, while enrolled in the school. */
const isPupilThemself = (actor: Actor, resource: { schoolId: string; pupilId: string }): boolean =>
  actor.personId === resource.pupilId && hasRole(actor, resource.schoolId, 'pupil');

/** A guardian whose status lets them follow the child (full authority or information only). */
const followsChild = (actor: Actor, resource: { schoolId: string; pupilId: string }): boolean => {
  const status = actor.guardianships.get(guardianshipKey(resource.schoolId, resource.pupilId));
  return status === 'full' || status === 'informationOnly';
};

/** A guardian with full parental authority: may decide for the child (authorisations, consent). */
const decidesForChild = (actor: Actor, resource: { schoolId: string; pupilId: string }): boolean =>
  actor.guardianships.get(guardianshipKey(resource.schoolId, resource.pupilId)) === 'full';

/** A guardian following a child enrolled in the class (class moments are shared with its families). */
const isFamilyOfClass = (actor: Actor, schoolId: string, classId: string): boolean =>
  hasRole(actor, schoolId, 'parent') && actor.followedChildClassIds.has(classId);

/** The pupil themself, enrolled in the class now. */
const isPupilOfClass = (actor: Actor, schoolId: string, classId: string): boolean =>
  hasRole(actor, schoolId, 'pupil') && actor.enrolledClassIds.has(classId);

/** A teacher of the entry's class, or the director: they see everything of the class's portfolios. */
const overseesClass = (actor: Actor, schoolId: string, classId: string): boolean =>
  isDirector(actor, schoolId) || teachesAny(actor, schoolId, [classId]);

/** A guardian following one of the entry's children, once families may see it. */
const familyOfEntry = (actor: Actor, entry: EntryFacts): boolean =>
  entry.familiesMaySee && entry.pupilIds.some((pupilId) => followsChild(actor, { schoolId: entry.schoolId, pupilId }));

/** One of the entry's children, once it is out (before the family sees an evaluation). */
const pupilOfEntry = (actor: Actor, entry: EntryFacts): boolean =>
  hasRole(actor, entry.schoolId, 'pupil') &&
  ((entry.pupilsMaySee && entry.pupilIds.includes(actor.personId)) || (entry.awaitingApproval && entry.authorId === actor.personId));

const viewsEntry = (actor: Actor, entry: EntryFacts): boolean =>
  overseesClass(actor, entry.schoolId, entry.classId) || familyOfEntry(actor, entry) || pupilOfEntry(actor, entry);

/**
 * Image rights of one pupil who appears in a medium: their own family (and themself) always see
 * it; others only as far as the consent in force reaches — the class's families, or the school's.
 */
const imageRightsCover = (actor: Actor, entry: EntryFacts, tag: { pupilId: string; consent: ImageConsentScope }): boolean => {
  if (tag.pupilId === actor.personId) return true;
  if (followsChild(actor, { schoolId: entry.schoolId, pupilId: tag.pupilId })) return true;
  if (tag.consent === 'school') return isMember(actor, entry.schoolId);
  if (tag.consent === 'class') return isFamilyOfClass(actor, entry.schoolId, entry.classId) || isPupilOfClass(actor, entry.schoolId, entry.classId);
  return false;
};
/** A recipient of the message who may still follow the child it reached them through. */
const isCurrentRecipient = (actor: Actor, message: { schoolId: string; recipientIds: readonly string[]; pupilId: string | null }): boolean =>
  message.recipientIds.includes(actor.personId) &&
  (message.pupilId === null || followsChild(actor, { schoolId: message.schoolId, pupilId: message.pupilId }) || isPupilThemself(actor, { schoolId: message.schoolId, pupilId: message.pupilId }));

/** A guardian following the pupil whose own exchange this is, in a school that lets guardians read those. */
const readsChildExchange = (actor: Actor, message: { schoolId: string; pupilExchange: { pupilId: string; parentsMayRead: boolean } | null }): boolean =>
  message.pupilExchange !== null &&
  message.pupilExchange.parentsMayRead &&
  followsChild(actor, { schoolId: message.schoolId, pupilId: message.pupilExchange.pupilId });
/** A guardian the meeting's campaign invites: full authority, or information only where the campaign says so. */
const invitedToMeeting = (actor: Actor, meeting: ResourceOf<'meeting'>): boolean => {
  const status = actor.guardianships.get(guardianshipKey(meeting.schoolId, meeting.pupilId));
  return status === 'full' || (status === 'informationOnly' && meeting.informationOnlyInvited);
};

/** One of the people holding the meeting, while they still work in the school (teacher, staff, director). */
const hostsMeeting = (actor: Actor, meeting: { schoolId: string; hostIds: readonly string[] }): boolean =>
  meeting.hostIds.includes(actor.personId) &&
  (hasRole(actor, meeting.schoolId, 'teacher') || isStaff(actor, meeting.schoolId) || isDirector(actor, meeting.schoolId));

/**
 * The rule book: for each kind of resource, for each action, who may. Denied unless a rule says
 * yes. Read it as the school's privacy notice: children's work is seen by their teachers, their
 * director and the guardians allowed to follow them; nobody else, and never across schools.
 */
export const RULES: RuleBook = {
  school: {
    view: (actor, school) => isMember(actor, school.schoolId),
  },
  schoolSettings: {
    view: (actor, settings) =>
      isDirector(actor, settings.schoolId) || isStaff(actor, settings.schoolId) || hasRole(actor, settings.schoolId, 'teacher'),
    update: (actor, settings) => isDirector(actor, settings.schoolId),
  },
  class: {
    view: (actor, klass) =>
      isDirector(actor, klass.schoolId) ||
      isStaff(actor, klass.schoolId) ||
      teachesAny(actor, klass.schoolId, [klass.classId]) ||
      (hasRole(actor, klass.schoolId, 'pupil') && actor.enrolledClassIds.has(klass.classId)) ||
      isFamilyOfClass(actor, klass.schoolId, klass.classId),
    viewRoster: (actor, klass) =>
      isDirector(actor, klass.schoolId) || isStaff(actor, klass.schoolId) || teachesAny(actor, klass.schoolId, [klass.classId]),
    publish: (actor, klass) => teachesAny(actor, klass.schoolId, [klass.classId]),
  },
  pupil: {
    view: (actor, pupil) =>
      isDirector(actor, pupil.schoolId) ||
      isStaff(actor, pupil.schoolId) ||
      teachesAny(actor, pupil.schoolId, pupil.classIds) ||
      isPupilThemself(actor, pupil) ||
      followsChild(actor, pupil),
    actAsGuardian: (actor, pupil) => decidesForChild(actor, pupil),
  },
  portfolio: {
    view: (actor, portfolio) =>
      isDirector(actor, portfolio.schoolId) ||
      teachesAny(actor, portfolio.schoolId, portfolio.classIds) ||
      isPupilThemself(actor, portfolio) ||
      followsChild(actor, portfolio),
    contribute: (actor, portfolio) => teachesAny(actor, portfolio.schoolId, portfolio.classIds),
    // Bringing in the portfolio a child had at another school: the class's teachers or the director.
    import: (actor, portfolio) => isDirector(actor, portfolio.schoolId) || teachesAny(actor, portfolio.schoolId, portfolio.classIds),
    // The whole portfolio as a ZIP: for the family taking it to the next school, the school, and
    // the pupil, whose work it is. The archive holds what the requester sees and, of the photos,
    // only those the child's family may see, so the pupil takes nothing they could not already read.
    export: (actor, portfolio) =>
      isDirector(actor, portfolio.schoolId) ||
      teachesAny(actor, portfolio.schoolId, portfolio.classIds) ||
      followsChild(actor, portfolio) ||
      isPupilThemself(actor, portfolio),
    // "Show my parents": the pupil walks their family through their own published work, as with their exercise books.
    present: (actor, portfolio) => isPupilThemself(actor, portfolio),
  },
  guardianship: {
    // A guardian sees their own link to the child, never the other guardians' (separated families).
    view: (actor, link) =>
      isDirector(actor, link.schoolId) ||
      isStaff(actor, link.schoolId) ||
      teachesAny(actor, link.schoolId, link.classIds) ||
      (actor.personId === link.guardianId && followsChild(actor, link)),
    // The court reference is for the head of school only.
    viewLegalBasis: (actor, link) => isDirector(actor, link.schoolId),
    update: (actor, link) => isDirector(actor, link.schoolId),
  },
  imageConsent: {
    view: (actor, consent) =>
      isDirector(actor, consent.schoolId) ||
      teachesAny(actor, consent.schoolId, consent.classIds) ||
      followsChild(actor, consent),
    // Staff copy a signed paper form; a guardian with full authority may give it online.
    update: (actor, consent) =>
      isDirector(actor, consent.schoolId) ||
      teachesAny(actor, consent.schoolId, consent.classIds) ||
      decidesForChild(actor, consent),
  },
  person: {
    view: (actor, person) =>
      actor.personId === person.personId || isDirector(actor, person.schoolId) || isStaff(actor, person.schoolId),
    update: (actor, person) => actor.personId === person.personId || isDirector(actor, person.schoolId),
  },
  auditLog: {
    view: (actor, log) => isDirector(actor, log.schoolId),
  },
  roster: {
    // An import records guardianships and their restrictions, which only the director may change.
    import: (actor, roster) => isDirector(actor, roster.schoolId),
  },
  portfolioEntry: {
    view: viewsEntry,
    // A pupil may still change their own contribution until the teacher has taken it.
    edit: (actor, entry) =>
      teachesAny(actor, entry.schoolId, [entry.classId]) ||
      (entry.awaitingApproval && entry.authorId === actor.personId && hasRole(actor, entry.schoolId, 'pupil')),
    publish: (actor, entry) => teachesAny(actor, entry.schoolId, [entry.classId]),
    respond: (actor, entry) => familyOfEntry(actor, entry),
    moderate: (actor, entry) => overseesClass(actor, entry.schoolId, entry.classId),
  },
  medium: {
    // Staff see every photo (they decide what goes out); others only what every tagged child's rights allow.
    view: (actor, medium) =>
      overseesClass(actor, medium.schoolId, medium.classId) ||
      (viewsEntry(actor, medium) && medium.tags.every((tag) => imageRightsCover(actor, medium, tag))),
  },
  classPortfolio: {
    // The class's teachers post drafts they publish themselves.
    post: (actor, klass) => teachesAny(actor, klass.schoolId, [klass.classId]),
    // A pupil of the class contributes about themself, for the teacher's approval, where the school allows it.
    contribute: (actor, klass) => klass.pupilPostsAllowed && isPupilOfClass(actor, klass.schoolId, klass.classId),
  },
  skillFramework: {
    view: (actor, framework) =>
      isDirector(actor, framework.schoolId) || isStaff(actor, framework.schoolId) || hasRole(actor, framework.schoolId, 'teacher'),
    edit: (actor, framework) => isDirector(actor, framework.schoolId) || hasRole(actor, framework.schoolId, 'teacher'),
  },
  familyMessage: {
    send: (actor, family) =>
      isDirector(actor, family.schoolId) || isStaff(actor, family.schoolId) || teachesAny(actor, family.schoolId, family.classIds),
  },
  classMessage: {
    // A representative writes to the families of a class only where the school enabled it.
    send: (actor, klass) =>
      isDirector(actor, klass.schoolId) ||
      isStaff(actor, klass.schoolId) ||
      teachesAny(actor, klass.schoolId, [klass.classId]) ||
      (klass.representativesMayWrite && hasRole(actor, klass.schoolId, 'parentRepresentative')),
  },
  schoolMessage: {
    send: (actor, school) => isDirector(actor, school.schoolId) || isStaff(actor, school.schoolId),
  },
  urgentMessage: {
    // Any role the school names, in that school: a role elsewhere does not count.
    send: (actor, urgent) => urgent.urgentRoles.some((role) => hasRole(actor, urgent.schoolId, role)),
  },
  teacherMessage: {
    // Parents write to the child's teachers, or to the professeur principal only if the school says so.
    send: (actor, target) =>
      followsChild(actor, target) && (target.mainTeacherOnly ? target.isMainTeacherOfChild : target.teachesChild),
  },
  pupilMessage: {
    // A pupil writes to their own teachers only, where the school allows it: never to other pupils or to families.
    send: (actor, target) => target.pupilsMayWrite && target.teachesPupil && isPupilThemself(actor, target),
  },
  message: {
    // A guardian reads it while they may still follow the child: a decision applies at once.
    // A pupil's own exchange with a teacher is theirs: their guardians read it only where the school says so.
    read: (actor, message) => actor.personId === message.senderId || isCurrentRecipient(actor, message) || readsChildExchange(actor, message),
    // Acknowledge, react, reply: the same people as those who read it.
    respond: (actor, message) => actor.personId === message.senderId || isCurrentRecipient(actor, message),
    // Yes / no to an authorisation is a decision for the child: full parental authority only.
    answer: (actor, message) =>
      isCurrentRecipient(actor, message) && (message.pupilId === null || decidesForChild(actor, { schoolId: message.schoolId, pupilId: message.pupilId })),
    recall: (actor, message) => actor.personId === message.senderId,
    viewReceipts: (actor, message) => actor.personId === message.senderId || isDirector(actor, message.schoolId),
    // Paper copies and the answers brought back on paper: the school's side of a message it sent to
    // families. A pupil's own exchange with a teacher is theirs alone: no one prints it.
    handlePaper: (actor, message) =>
      message.pupilExchange === null &&
      (isDirector(actor, message.schoolId) ||
        (actor.personId === message.senderId && (hasRole(actor, message.schoolId, 'teacher') || isStaff(actor, message.schoolId)))),
  },
  sharing: {
    // The child's QR code is the school's: its teachers print, renew and revoke it, and the director.
    manageCodes: (actor, sharing) => isDirector(actor, sharing.schoolId) || teachesAny(actor, sharing.schoolId, sharing.classIds),
    // A personal link is a guardian's decision for the child, when the school allows such links.
    createLink: (actor, sharing) => sharing.personalLinksAllowed && decidesForChild(actor, sharing),
    // Cutting short or ending a link stays possible for the school even when it forbids new ones.
    manageLinks: (actor, sharing) =>
      decidesForChild(actor, sharing) || isDirector(actor, sharing.schoolId) || teachesAny(actor, sharing.schoolId, sharing.classIds),
    viewHistory: (actor, sharing) =>
      followsChild(actor, sharing) || isDirector(actor, sharing.schoolId) || teachesAny(actor, sharing.schoolId, sharing.classIds),
    invite: (actor, sharing) => isDirector(actor, sharing.schoolId) || teachesAny(actor, sharing.schoolId, sharing.classIds),
    // The teacher who handed the code out knows the parent; the director may decide too.
    approveInvite: (actor, sharing) => isDirector(actor, sharing.schoolId) || teachesAny(actor, sharing.schoolId, sharing.classIds),
    // The language a code or link opens in is the family's to say (the school's staff may set it for them).
    setLanguage: (actor, sharing) =>
      decidesForChild(actor, sharing) || isDirector(actor, sharing.schoolId) || teachesAny(actor, sharing.schoolId, sharing.classIds),
  },
  survey: {
    launch: (actor, survey) => isDirector(actor, survey.schoolId),
    // A guardian who may follow a child of the school answers for their family.
    answer: (actor, survey) => hasRole(actor, survey.schoolId, 'parent') && followsAnyChildIn(actor, survey.schoolId),
    // Paper forms come back to the office: whoever types them in sees a code and answers, never a name.
    enterPaper: (actor, survey) => isDirector(actor, survey.schoolId) || isStaff(actor, survey.schoolId),
    // Aggregates only: the school's for the team and the parents' representatives, a class's for its teachers.
    viewResults: (actor, survey) =>
      isDirector(actor, survey.schoolId) ||
      isStaff(actor, survey.schoolId) ||
      (survey.classId === null ? hasRole(actor, survey.schoolId, 'parentRepresentative') : teachesAny(actor, survey.schoolId, [survey.classId])),
    close: (actor, survey) => isDirector(actor, survey.schoolId),
  },
  charter: {
    view: (actor, charter) => isMember(actor, charter.schoolId),
    edit: (actor, charter) => isDirector(actor, charter.schoolId),
    acknowledge: (actor, charter) => hasRole(actor, charter.schoolId, 'parent') && followsAnyChildIn(actor, charter.schoolId),
  },
  meetingCampaign: {
    // A teacher opens a round for the classes they teach; the director (or the CPE, staff) for the school.
    open: (actor, campaign) =>
      isDirector(actor, campaign.schoolId) ||
      isStaff(actor, campaign.schoolId) ||
      (campaign.classIds.length > 0 && campaign.classIds.every((classId) => teachesAny(actor, campaign.schoolId, [classId]))),
    manage: (actor, campaign) => hostsMeeting(actor, campaign) || isDirector(actor, campaign.schoolId),
    // Participation figures: the school's leadership, and the hosts of the round.
    viewFigures: (actor, campaign) => isDirector(actor, campaign.schoolId) || hostsMeeting(actor, campaign),
  },
  meeting: {
    book: invitedToMeeting,
    view: (actor, meeting) => hostsMeeting(actor, meeting) || isDirector(actor, meeting.schoolId) || invitedToMeeting(actor, meeting),
    // Notes, plan, moving and cancelling: the people holding it.
    hold: (actor, meeting) => hostsMeeting(actor, meeting),
    // The host's own notes never reach a family, nor the director.
    viewPrivateNotes: (actor, meeting) => hostsMeeting(actor, meeting),
    readSummary: (actor, meeting) =>
      hostsMeeting(actor, meeting) || isDirector(actor, meeting.schoolId) || (meeting.summaryPublished && invitedToMeeting(actor, meeting)),
    comment: (actor, meeting) => meeting.summaryPublished && invitedToMeeting(actor, meeting),
  },
  familyData: {
    // One's own data: a guardian following a child of the school, or a pupil once of age; a
    // child's, through the guardians who follow them until the child comes of age.
    export: (actor, data) =>
      (actor.personId === data.personId && (followsAnyChildIn(actor, data.schoolId) || (data.ofAge && hasRole(actor, data.schoolId, 'pupil')))) ||
      (!data.ofAge && followsChild(actor, { schoolId: data.schoolId, pupilId: data.personId })),
  },
  // The head of school answers for the school's data (the controller's representative).
  dataRequest: {
    view: (actor, requests) => isDirector(actor, requests.schoolId),
    record: (actor, requests) => isDirector(actor, requests.schoolId),
    answer: (actor, requests) => isDirector(actor, requests.schoolId),
  },
  // Only the people the configuration names as operators, in the session they opened as such.
  operatorConsole: {
    view: (actor) => actor.operator === true,
    manageSchools: (actor) => actor.operator === true,
  },
  // What is deleted and when, the delay after leaving and legal holds: the head of school's.
  retention: {
    view: (actor, retention) => isDirector(actor, retention.schoolId),
    manage: (actor, retention) => isDirector(actor, retention.schoolId),
  },
  engagement: {
    // The school's figures are the director's, and the elected parents' for the shared analysis;
    // a class's are its teachers' and the director's: never another teacher's class.
    view: (actor, figures) =>
      figures.classId === null
        ? isDirector(actor, figures.schoolId) || hasRole(actor, figures.schoolId, 'parentRepresentative')
        : overseesClass(actor, figures.schoolId, figures.classId),
    // Families named one by one, to act: the class's teachers and the director, never parents.
    listFamilies: (actor, figures) =>
      figures.classId === null ? isDirector(actor, figures.schoolId) : overseesClass(actor, figures.schoolId, figures.classId),
  },
};

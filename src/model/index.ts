import { EntryPupil } from './entry-pupil.js';
import { PortfolioImportOrigin } from './portfolio-import-origin.js';
import { MessageFile } from './message-file.js';
import { EntryResponse } from './entry-response.js';
import { EntrySkill } from './entry-skill.js';
import { MediumTag } from './medium-tag.js';
import { PortfolioEntry } from './portfolio-entry.js';
import { PortfolioFeedItem } from './portfolio-feed-item.js';
import { PortfolioMedium } from './portfolio-medium.js';
import { Skill } from './skill.js';
import { AuditEvent } from './audit-event.js';
import { Enrolment } from './enrolment.js';
import { ExternalIdentity } from './external-identity.js';
import { Guardianship } from './guardianship.js';
import { HttpSession } from './http-session.js';
import { ImageConsent } from './image-consent.js';
import { DataRequest } from './data-request.js';
import { IdentityClassSource } from './identity-class-source.js';
import { IdentityPendingRequest } from './identity-pending-request.js';
import { IdentityReplayGuard } from './identity-replay-guard.js';
import { IdentitySessionLink } from './identity-session-link.js';
import { RosterImport } from './identity-roster-import.js';
import { LtiContextSync } from './lti-context-sync.js';
import { LtiDeepLinkRequest } from './lti-deep-link-request.js';
import { LtiDeployment } from './lti-deployment.js';
import { LtiHandoff } from './lti-handoff.js';
import { LtiLogin } from './lti-login.js';
import { LtiPlatform } from './lti-platform.js';
import { LtiRegistrationInvite } from './lti-registration-invite.js';
import { LtiToolKey } from './lti-tool-key.js';
import { Message } from './message.js';
import { MessageAttachment } from './message-attachment.js';
import { MessageReaction } from './message-reaction.js';
import { MessageRecipient } from './message-recipient.js';
import { NotificationJob } from './notification-job.js';
import { NotificationPreference } from './notification-preference.js';
import { Person } from './person.js';
import { PushSubscription } from './push-subscription.js';
import { TranslationCacheEntry } from './translation-cache.js';
import { SchoolClass } from './school-class.js';
import { SchoolMembership } from './school-membership.js';
import { SchoolYear } from './school-year.js';
import { School } from './school.js';
import { SchoolAppointment } from './school-appointment.js';
import { TeachingAssignment } from './teaching-assignment.js';
import { InviteCode } from './invite-code.js';
import { PortfolioAccess } from './portfolio-access.js';
import { ShareGrant } from './share-grant.js';
import { ShareSession } from './share-session.js';
import { LinkNotice } from './link-notice.js';
import { LinkUnsubscribe } from './link-unsubscribe.js';
import { WeeklyReminder } from './weekly-reminder.js';
import { RetentionHold } from './retention-hold.js';
import { RetentionLease } from './retention-lease.js';
import { RetentionNotice } from './retention-notice.js';
import { RetentionPendingObject } from './retention-pending-object.js';
import { Survey, SurveyAnswer, SurveyBallot } from './survey.js';
import { CharterAcknowledgement, SchoolCharter } from './school-charter.js';
import { CalendarFeed, MeetingAction, MeetingBooking, MeetingCampaign, MeetingHost, MeetingInvitation, MeetingNotice, MeetingRecord, MeetingSlot } from './meeting.js';
import { PaperAnswer } from './paper-answer.js';
import { PaperChannel } from './paper-channel.js';
import { PaperCode } from './paper-code.js';
import { ReachActionRecord } from './reach-action.js';
import { ReachMessageSummary } from './reach-message-summary.js';

export {
  AuditEvent,
  MessageFile,
  EntryPupil,
  PortfolioImportOrigin,
  EntryResponse,
  EntrySkill,
  MediumTag,
  PortfolioEntry,
  PortfolioFeedItem,
  PortfolioMedium,
  Skill,
  Enrolment,
  ExternalIdentity,
  Guardianship,
  HttpSession,
  IdentityClassSource,
  IdentityPendingRequest,
  IdentityReplayGuard,
  IdentitySessionLink,
  ImageConsent,
  DataRequest,
  Message,
  MessageAttachment,
  MessageReaction,
  MessageRecipient,
  NotificationJob,
  NotificationPreference,
  Person,
  PushSubscription,
  RosterImport,
  School,
  SchoolAppointment,
  SchoolClass,
  SchoolMembership,
  SchoolYear,
  TeachingAssignment,
  TranslationCacheEntry,
  InviteCode,
  PortfolioAccess,
  ShareGrant,
  ShareSession,
  LinkNotice,
  LinkUnsubscribe,
  WeeklyReminder,
  RetentionHold,
  RetentionLease,
  RetentionNotice,
  RetentionPendingObject,
  Survey,
  SurveyBallot,
  SurveyAnswer,
  SchoolCharter,
  CharterAcknowledgement,
  CalendarFeed,
  MeetingAction,
  MeetingBooking,
  MeetingCampaign,
  MeetingHost,
  MeetingInvitation,
  MeetingNotice,
  MeetingRecord,
  MeetingSlot,
  PaperAnswer,
  PaperChannel,
  PaperCode,
  ReachActionRecord,
  ReachMessageSummary,
};
export * from './roles.js';
export { ENTRY_AUDIENCES, ENTRY_STATES, MOMENT_KINDS, type EntryAudience, type EntryState, type MomentKind } from './portfolio-entry.js';
export { MEDIUM_KINDS, type MediumKind } from './stored-item.js';
export { SKILL_LEVELS, type SkillLevel } from './entry-skill.js';
export { REACTIONS, RESPONSE_STATUSES, type Reaction, type ResponseStatus } from './entry-response.js';
export { newId } from './columns.js';
export { SHARE_GRANT_KINDS, type ShareGrantKind } from './share-grant.js';
export { ACCESS_CHANNELS, type AccessChannel } from './portfolio-access.js';
export type { LinkNoticeStatus } from './link-notice.js';
export type { WeeklyReminderStatus } from './weekly-reminder.js';

/** Every entity, for the data source. */
export const ENTITIES = [
  AuditEvent,
  Enrolment,
  ExternalIdentity,
  Guardianship,
  HttpSession,
  IdentityClassSource,
  IdentityPendingRequest,
  IdentityReplayGuard,
  IdentitySessionLink,
  RosterImport,
  ImageConsent,
  DataRequest,
  Person,
  School,
  SchoolAppointment,
  SchoolClass,
  SchoolMembership,
  SchoolYear,
  TeachingAssignment,
  LtiContextSync,
  LtiDeepLinkRequest,
  LtiDeployment,
  LtiHandoff,
  LtiLogin,
  LtiPlatform,
  LtiRegistrationInvite,
  LtiToolKey,
  PortfolioEntry,
  EntryPupil,
  PortfolioImportOrigin,
  PortfolioFeedItem,
  PortfolioMedium,
  MediumTag,
  Skill,
  EntrySkill,
  EntryResponse,
  Message,
  MessageAttachment,
  MessageReaction,
  MessageRecipient,
  NotificationJob,
  NotificationPreference,
  PushSubscription,
  TranslationCacheEntry,
  MessageFile,
  ShareGrant,
  ShareSession,
  PortfolioAccess,
  InviteCode,
  LinkNotice,
  LinkUnsubscribe,
  WeeklyReminder,
  RetentionHold,
  RetentionLease,
  RetentionNotice,
  RetentionPendingObject,
  Survey,
  SurveyBallot,
  SurveyAnswer,
  SchoolCharter,
  CharterAcknowledgement,
  MeetingCampaign,
  MeetingHost,
  MeetingSlot,
  MeetingInvitation,
  MeetingBooking,
  MeetingRecord,
  MeetingAction,
  CalendarFeed,
  MeetingNotice,
  PaperChannel,
  PaperCode,
  PaperAnswer,
  ReachActionRecord,
  ReachMessageSummary,
];

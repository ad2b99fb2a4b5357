import { z } from 'zod';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError, notFound } from '../http/errors.js';
import { SCHOOL_ROLES } from '../model/roles.js';
import { changeSchoolSettings } from '../directory/change-school-settings.js';
import type { SchoolSettings } from '../model/school-settings.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import type { MessagingDeps } from './messaging-deps.js';
import { pupilsMayWriteIn } from './pupil-exchange.js';
import { loadSchoolFacts } from './school-facts.js';

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/** PUT /schools/:schoolId/messaging-settings: the school's messaging rules, chosen by its director. */
export const messagingSettingsInput = z
  .strictObject({
    parentsMayWriteTo: z.enum(['anyTeacher', 'mainTeacherOnly']),
    notificationHours: z.strictObject({
      start: timeOfDay,
      end: timeOfDay,
      days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    }),
    urgentRoles: z.array(z.enum(SCHOOL_ROLES)).max(SCHOOL_ROLES.length),
    replyWithinHours: z.number().int().min(1).max(24 * 14),
    recallMinutes: z.number().int().min(0).max(24 * 60),
    representativesMayWrite: z.boolean(),
    /** Pupils may write to their own teachers; absent, the kind of school decides (see `pupilsMayWriteIn`). */
    pupilsMayWrite: z.boolean().optional(),
    /** Guardians may read their child's own exchanges with teachers. */
    parentsReadPupilMessages: z.boolean().default(false),
  })
  .refine((input) => input.notificationHours.start < input.notificationHours.end, { path: ['notificationHours', 'end'], params: { problem: 'invalid' } });

/** The messaging part of a school's settings, with whether pupils may write as it applies now (set, or the kind's default). */
type MessagingSettings = SchoolSettings['messaging'] & { pupilsMayWrite: boolean };

/** The school's messaging rules, for those who may see its settings. */
export async function loadMessagingSettings(deps: MessagingDeps, actor: Actor, schoolId: string): Promise<MessagingSettings> {
  if (!can(actor, 'view', { kind: 'schoolSettings', schoolId })) throw notFound();
  const school = await loadSchoolFacts(deps.dataSource, schoolId);
  if (!school) throw notFound();
  return { ...school.settings.messaging, pupilsMayWrite: pupilsMayWriteIn(school) };
}

/** Replaces the school's messaging rules (director), audited; notifications planned from now on follow them. */
export async function saveMessagingSettings(deps: MessagingDeps, actor: Actor, schoolId: string, input: z.infer<typeof messagingSettingsInput>): Promise<void> {
  if (!can(actor, 'update', { kind: 'schoolSettings', schoolId })) {
    throw can(actor, 'view', { kind: 'schoolSettings', schoolId }) ? new AppError('FORBIDDEN') : notFound();
  }
  await runInTransaction(deps.dataSource, async (manager) => {
    await changeSchoolSettings(manager, schoolId, (current) => ({ ...current, messaging: input }));
    await recordAuditEvent(manager, {
      schoolId,
      actorId: actor.personId,
      action: 'school.messagingSettingsChanged',
      subjectKind: 'school',
      subjectId: schoolId,
      detail: { ...input },
      at: deps.clock.now(),
    });
  });
}

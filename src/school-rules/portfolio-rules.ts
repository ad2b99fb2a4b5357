import { z } from 'zod';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { ModuleContext } from '../context.js';
import { readSettingsRow } from '../db/common-rows.js';
import { queryRows } from '../db/row-reader.js';
import { runInTransaction } from '../db/transaction.js';
import { changeSchoolSettings } from '../directory/change-school-settings.js';
import { AppError, notFound } from '../http/errors.js';
import { readSchoolSettings, type SchoolSettings } from '../model/school-settings.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/** The portfolio's rules a director sets on their page (the weekly reminder stays each teacher's business elsewhere). */
export const portfolioRulesInput = z
  .strictObject({
    publicationSlots: z.array(z.strictObject({ weekday: z.number().int().min(1).max(7), time: timeOfDay })).min(1).max(7),
    evaluationDelayHours: z.number().int().min(0).max(24 * 14),
    featureEveryDays: z.number().int().min(1).max(90),
    commentsNeedApproval: z.boolean(),
    pupilPostsAllowed: z.boolean(),
  })
  .refine((input) => new Set(input.publicationSlots.map((slot) => `${slot.weekday} ${slot.time}`)).size === input.publicationSlots.length, {
    path: ['publicationSlots'],
    params: { problem: 'invalid' },
  });

/** The portfolio part of a school's settings. */
export type PortfolioRules = SchoolSettings['portfolio'];

/** The school's portfolio rules, for those who may see its settings. */
export async function loadPortfolioRules(deps: Pick<ModuleContext, 'dataSource'>, actor: Actor, schoolId: string): Promise<PortfolioRules> {
  if (!can(actor, 'view', { kind: 'schoolSettings', schoolId })) throw notFound();
  const rows = await queryRows(deps.dataSource, readSettingsRow, 'SELECT settingsJson FROM school WHERE id = ?', [schoolId]);
  if (!rows[0]) throw notFound();
  return readSchoolSettings(rows[0]).portfolio;
}

/**
 * Replaces the school's portfolio rules (director), audited with the values before and after.
 * Entries already scheduled keep their time; the next ones follow the new slots.
 */
export async function savePortfolioRules(deps: Pick<ModuleContext, 'dataSource' | 'clock'>, actor: Actor, schoolId: string, input: z.infer<typeof portfolioRulesInput>): Promise<void> {
  if (!can(actor, 'update', { kind: 'schoolSettings', schoolId })) {
    throw can(actor, 'view', { kind: 'schoolSettings', schoolId }) ? new AppError('FORBIDDEN') : notFound();
  }
  const slots = [...input.publicationSlots].sort((a, b) => a.weekday - b.weekday || a.time.localeCompare(b.time));
  await runInTransaction(deps.dataSource, async (manager) => {
    const { before, after } = await changeSchoolSettings(manager, schoolId, (current) => ({ ...current, portfolio: { ...current.portfolio, ...input, publicationSlots: slots } }));
    await recordAuditEvent(manager, {
      schoolId,
      actorId: actor.personId,
      action: 'school.portfolioSettingsChanged',
      subjectKind: 'school',
      subjectId: schoolId,
      detail: { from: before.portfolio, to: after.portfolio },
      at: deps.clock.now(),
    });
  });
}

import { z } from 'zod';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { ModuleContext } from '../context.js';
import { engineOf } from '../db/data-source.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { sqlInstant } from '../db/sql-values.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError, notFound } from '../http/errors.js';
import { UI_LANGUAGES } from '../i18n/languages.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { hardcodedSetting } from './charter-rules.js';

/** The director's charter form. */
export const charterInput = z.object({
  body: z.string().trim().min(1).max(20_000),
  language: z.enum(UI_LANGUAGES),
});

/**
 * Publishes a new version of the school's charter (director), audited: families are asked to
 * acknowledge it again. A text that writes out a time or a delay is refused
 * (CHARTER_HARDCODED_SETTING): it must use the markers, filled from the settings.
 */
export async function saveCharter(deps: Pick<ModuleContext, 'dataSource' | 'clock'>, actor: Actor, schoolId: string, input: z.infer<typeof charterInput>): Promise<number> {
  if (!can(actor, 'edit', { kind: 'charter', schoolId })) throw notFound();
  if (hardcodedSetting(input.body) !== null) throw new AppError('CHARTER_HARDCODED_SETTING');
  const now = deps.clock.now();
  return runInTransaction(deps.dataSource, async (manager) => {
    // The school's row is locked (MariaDB): two saves at once number their versions one after the
    // other, even when the charter's row does not exist yet to be locked.
    if (engineOf(manager.connection) === 'mysql') await manager.query('SELECT id FROM school WHERE id = ? FOR UPDATE', [schoolId]);
    const rows = await queryRows(manager, rowReader({ version: column.number }), 'SELECT version FROM school_charter WHERE schoolId = ?', [schoolId]);
    const version = (rows[0]?.version ?? 0) + 1;
    if (rows[0]) {
      await manager.query('UPDATE school_charter SET body = ?, language = ?, version = ?, updatedBy = ?, updatedAt = ? WHERE schoolId = ?', [input.body, input.language, version, actor.personId, sqlInstant(now), schoolId]);
    } else {
      await manager.query('INSERT INTO school_charter (schoolId, body, language, version, updatedBy, updatedAt) VALUES (?, ?, ?, ?, ?, ?)', [schoolId, input.body, input.language, version, actor.personId, sqlInstant(now)]);
    }
    await recordAuditEvent(manager, { schoolId, actorId: actor.personId, action: 'charter.published', subjectKind: 'school', subjectId: schoolId, detail: { version }, at: now });
    return version;
  });
}

import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { runInTransaction } from '../db/transaction.js';
import { AppError, notFound } from '../http/errors.js';
import { newId } from '../model/columns.js';
import { EntryResponse, REACTIONS, type ResponseStatus } from '../model/entry-response.js';
import type { Actor } from '../policy/actor.js';
import { guardianshipKey } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { loadClassContext } from './class-context.js';
import { loadEntryFor } from './load-entry.js';

/** A family's comment or quick reaction. */
export const responseInput = z.union([
  z.strictObject({ reaction: z.enum(REACTIONS) }),
  z.strictObject({ body: z.string().trim().min(1).max(1000) }),
]);
type ResponseInput = z.infer<typeof responseInput>;

/**
 * Records a family's comment or reaction on an entry they see. A comment waits for the teacher
 * when the school asks for it; a reaction replaces the family member's previous one.
 */
export async function respondToEntry(dataSource: DataSource, actor: Actor, entryId: string, input: ResponseInput, now: Date): Promise<EntryResponse> {
  return runInTransaction(dataSource, async (manager) => {
    const { entry, pupilIds } = await loadEntryFor(manager, actor, entryId, 'respond', now);
    // The child through whom this family follows the entry (recorded for the teacher's list).
    const pupilId = pupilIds.find((id) => {
      const status = actor.guardianships.get(guardianshipKey(entry.schoolId, id));
      return status === 'full' || status === 'informationOnly';
    })!;
    const klass = (await loadClassContext(manager, entry.classId, now))!;
    const repository = manager.getRepository(EntryResponse);
    const isReaction = 'reaction' in input;
    if (isReaction) {
      await repository.createQueryBuilder().delete().where('entryId = :entryId AND authorId = :authorId AND reaction IS NOT NULL', { entryId, authorId: actor.personId }).execute();
    }
    const status: ResponseStatus = isReaction || !klass.settings.portfolio.commentsNeedApproval ? 'approved' : 'pending';
    const response = Object.assign(new EntryResponse(), {
      id: newId(),
      entryId,
      schoolId: entry.schoolId,
      authorId: actor.personId,
      pupilId,
      reaction: isReaction ? input.reaction : null,
      body: isReaction ? null : input.body,
      status,
      createdAt: now,
    });
    await repository.insert(response);
    return response;
  });
}

/** A teacher approves or rejects a pending comment. */
export async function moderateResponse(dataSource: DataSource, actor: Actor, responseId: string, decision: 'approved' | 'rejected', now: Date): Promise<void> {
  await runInTransaction(dataSource, async (manager) => {
    const response = await manager.getRepository(EntryResponse).findOneBy({ id: responseId });
    if (!response) throw notFound();
    await loadEntryFor(manager, actor, response.entryId, 'moderate', now);
    if (response.reaction !== null) throw new AppError('PORTFOLIO_ENTRY_NOT_EDITABLE');
    await manager.getRepository(EntryResponse).update({ id: responseId }, { status: decision });
  });
}

/** A comment or reaction as listed under an entry. */
export interface ListedResponse {
  id: string;
  reaction: string | null;
  body: string | null;
  status: ResponseStatus;
  createdAt: unknown;
  authorId: string;
  givenName: string;
  familyName: string;
  /** The language its author reads best, taken as the language the comment is written in. */
  language: string;
}

/** Responses of an entry: the teacher sees them all, a family member only their own. */
export async function listResponses(dataSource: DataSource, actor: Actor, entryId: string, now: Date): Promise<ListedResponse[]> {
  const { facts } = await loadEntryFor(dataSource.manager, actor, entryId, 'view', now);
  const seesAll = can(actor, 'moderate', { kind: 'portfolioEntry', ...facts });
  const rows = (await dataSource.query(
    `SELECT r.id AS id, r.reaction AS reaction, r.body AS body, r.status AS status, r.createdAt AS createdAt, r.authorId AS authorId,
            p.givenName AS givenName, p.familyName AS familyName, p.preferredLanguage AS language
       FROM entry_response r JOIN person p ON p.id = r.authorId
      WHERE r.entryId = ? ${seesAll ? '' : 'AND r.authorId = ?'}
      ORDER BY r.createdAt`,
    seesAll ? [entryId] : [entryId, actor.personId],
  )) as ListedResponse[];
  return rows;
}

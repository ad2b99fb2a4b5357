import type { DataSource } from 'typeorm';
import type { ModuleContext } from '../context.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { sqlInstant } from '../db/sql-values.js';
import { notFound } from '../http/errors.js';
import { REACH_ACTIONS, type ReachAction } from '../model/reach-action.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { periodSpan } from './period.js';
import { readFamilyLines, readLastContacts } from './school-reach-facts.js';
import { loadSchoolFacts } from '../messaging/school-facts.js';

/** Why a guardian is on the list. */
export const REACH_REASONS = ['neverConnected', 'unreadImportant', 'noEmail'] as const;
export type ReachReason = (typeof REACH_REASONS)[number];

/** How many of a guardian's latest important messages (urgent, requests, invitations) are looked at. */
export const IMPORTANT_MESSAGES_LOOKED_AT = 3;

/** One guardian to reach, in one class, with what to do and what was last done. */
export interface FamilyToReach {
  readonly guardianId: string;
  readonly guardianName: string;
  readonly classId: string;
  readonly className: string;
  readonly childNames: readonly string[];
  readonly reasons: readonly ReachReason[];
  readonly unreadImportant: number;
  readonly suggestion: ReachAction;
  readonly lastAction: { readonly action: ReachAction; readonly at: Date } | null;
}

/**
 * What to do first: meet a guardian nothing reaches (never connected and no e-mail), give the QR
 * sheet again to one who never connected, print for one without e-mail, call one who does not
 * read what matters.
 */
export function suggestedAction(reasons: readonly ReachReason[]): ReachAction {
  const never = reasons.includes('neverConnected');
  const noEmail = reasons.includes('noEmail');
  if (never && noEmail) return 'meet';
  if (never) return 'qrSheet';
  if (noEmail) return 'print';
  return 'call';
}

const readImportantReceipt = rowReader({ personId: column.text, createdAt: column.instant, readAt: column.nullableInstant });

/** For each guardian, how many of their latest important messages of the school year are unread. */
async function readUnreadImportant(dataSource: DataSource, schoolId: string, since: Date): Promise<Map<string, number>> {
  const rows = await queryRows(
    dataSource,
    readImportantReceipt,
    `SELECT r.personId, m.createdAt, r.readAt FROM message m JOIN message_recipient r ON r.messageId = m.id
      WHERE m.schoolId = ? AND m.createdAt >= ? AND m.recalledAt IS NULL AND r.role = 'guardian'
        AND (m.urgent = 1 OR m.kind IN ('request', 'invitation'))`,
    [schoolId, sqlInstant(since)],
  );
  const byPerson = new Map<string, { createdAt: Date; read: boolean }[]>();
  for (const row of rows) {
    const list = byPerson.get(row.personId) ?? [];
    list.push({ createdAt: row.createdAt, read: row.readAt !== null });
    byPerson.set(row.personId, list);
  }
  const unread = new Map<string, number>();
  for (const [personId, list] of byPerson) {
    const latest = list.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).slice(0, IMPORTANT_MESSAGES_LOOKED_AT);
    const count = latest.filter((receipt) => !receipt.read).length;
    if (count > 0) unread.set(personId, count);
  }
  return unread;
}

const readName = rowReader({ id: column.text, givenName: column.text, familyName: column.text });
const readLastAction = rowReader({ guardianId: column.text, action: column.oneOf(REACH_ACTIONS), at: column.instant });

async function readNames(dataSource: DataSource, ids: readonly string[]): Promise<Map<string, { givenName: string; familyName: string }>> {
  const names = new Map<string, { givenName: string; familyName: string }>();
  // Bounded statements: SQLite caps the parameters of one.
  for (let start = 0; start < ids.length; start += 500) {
    const slice = ids.slice(start, start + 500);
    const rows = await queryRows(dataSource, readName, `SELECT id, givenName, familyName FROM person WHERE id IN (${slice.map(() => '?').join(', ')})`, slice);
    for (const row of rows) names.set(row.id, row);
  }
  return names;
}

/**
 * The guardians the team should reach, in the classes the viewer may act for (a teacher their
 * own classes, the director every class): never connected, not reading the latest important
 * messages, or without e-mail — e-carnet records no paper channel, so every guardian without an
 * e-mail address is listed for paper. Each comes with a suggested action and the last one taken.
 */
export async function listFamiliesToReach(deps: Pick<ModuleContext, 'dataSource' | 'clock'>, actor: Actor, schoolId: string): Promise<FamilyToReach[]> {
  const { dataSource } = deps;
  const now = deps.clock.now();
  const school = await loadSchoolFacts(dataSource, schoolId);
  if (!school) throw notFound();
  const families = (await readFamilyLines(dataSource, schoolId, now)).filter((line) =>
    can(actor, 'listFamilies', { kind: 'engagement', schoolId, classId: line.classId }),
  );
  if (families.length === 0 && !can(actor, 'listFamilies', { kind: 'engagement', schoolId, classId: null })) throw notFound();
  const [contacts, unread, lastActions] = await Promise.all([
    readLastContacts(dataSource, schoolId),
    readUnreadImportant(dataSource, schoolId, periodSpan('year', now, school.timezone).start),
    queryRows(dataSource, readLastAction, 'SELECT guardianId, action, at FROM reach_action WHERE schoolId = ? ORDER BY at', [schoolId]),
  ]);
  const lastAction = new Map(lastActions.map((row) => [row.guardianId, { action: row.action, at: row.at }]));

  const byGuardianAndClass = new Map<string, { guardianId: string; classId: string; className: string; pupilIds: string[]; reasons: ReachReason[] }>();
  for (const line of families) {
    const key = `${line.guardianId}/${line.classId}`;
    const known = byGuardianAndClass.get(key);
    if (known) {
      known.pupilIds.push(line.pupilId);
      continue;
    }
    const reasons: ReachReason[] = [];
    if (!contacts.has(line.guardianId)) reasons.push('neverConnected');
    if (unread.has(line.guardianId)) reasons.push('unreadImportant');
    if (!line.hasEmail) reasons.push('noEmail');
    if (reasons.length > 0) byGuardianAndClass.set(key, { guardianId: line.guardianId, classId: line.classId, className: line.className, pupilIds: [line.pupilId], reasons });
  }
  const listed = [...byGuardianAndClass.values()];
  const names = await readNames(dataSource, [...new Set(listed.flatMap((item) => [item.guardianId, ...item.pupilIds]))]);
  const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });
  const fullName = (id: string) => `${names.get(id)?.givenName ?? ''} ${names.get(id)?.familyName ?? ''}`.trim();
  return listed
    .map((item) => ({
      guardianId: item.guardianId,
      guardianName: fullName(item.guardianId),
      classId: item.classId,
      className: item.className,
      childNames: item.pupilIds.map((id) => names.get(id)?.givenName ?? '').sort(collator.compare),
      reasons: item.reasons,
      unreadImportant: unread.get(item.guardianId) ?? 0,
      suggestion: suggestedAction(item.reasons),
      lastAction: lastAction.get(item.guardianId) ?? null,
    }))
    .sort(
      (a, b) =>
        collator.compare(a.className, b.className) ||
        collator.compare(names.get(a.guardianId)?.familyName ?? '', names.get(b.guardianId)?.familyName ?? '') ||
        collator.compare(a.guardianName, b.guardianName),
    );
}

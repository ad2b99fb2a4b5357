import type { DataSource } from 'typeorm';
import type { ModuleContext } from '../context.js';
import { column, nullable, queryRows, rowReader } from '../db/row-reader.js';
import { imageConsentStates } from '../directory/image-consents.js';
import { AppError, notFound } from '../http/errors.js';
import { collectPortfolioExport, type PortfolioExport } from '../portfolio/export/collect-portfolio-export.js';
import { keepStoredMedia } from '../portfolio/export/keep-stored-media.js';
import { archiveFileName } from '../portfolio/export/media-file-name.js';
import { GUARDIANSHIP_STATUSES, IMAGE_CONSENT_PURPOSES, IMAGE_CONSENT_SCOPES } from '../model/roles.js';
import { Person } from '../model/person.js';
import { guardianshipKey, type Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { FAMILY_DATA_FORMAT, type ArchiveFile, type ExportedChild, type ExportedMessage, type FamilyArchivePlan } from './family-data-format.js';
import { isOfAge } from './of-age.js';

const readSchoolRow = rowReader({ id: column.text, name: column.text, uai: column.nullableText });
const readGuardianshipRow = rowReader({
  schoolId: column.text,
  childId: column.text,
  givenName: column.text,
  familyName: column.text,
  status: column.oneOf(GUARDIANSHIP_STATUSES),
  approval: column.text,
  relationship: column.nullableText,
  guardianRank: column.nullableNumber,
  legalBasisKind: column.nullableText,
  legalBasisDate: column.calendarDate,
  effectiveFrom: column.instant,
  effectiveTo: column.nullableInstant,
});
const readChildRow = rowReader({ id: column.text, givenName: column.text, familyName: column.text, birthDate: column.calendarDate });
const readConsentRow = rowReader({
  scope: column.oneOf(IMAGE_CONSENT_SCOPES),
  purpose: nullable(column.oneOf(IMAGE_CONSENT_PURPOSES)),
  givenById: column.nullableText,
  evidence: column.nullableText,
  validFrom: column.instant,
  validTo: column.nullableInstant,
  createdAt: column.instant,
});
const readAccessRow = rowReader({
  at: column.instant,
  channel: column.text,
  personId: column.nullableText,
  givenName: column.nullableText,
  familyName: column.nullableText,
  label: column.nullableText,
  byGuardian: column.flag,
  deviceFamily: column.text,
  network: column.text,
});
const readMessageRow = rowReader({
  id: column.text,
  schoolId: column.text,
  threadId: column.text,
  senderId: column.text,
  senderGiven: column.text,
  senderFamily: column.text,
  pupilId: column.nullableText,
  recipientPupilId: column.nullableText,
  kind: column.text,
  requestKind: column.nullableText,
  subject: column.nullableText,
  body: column.text,
  createdAt: column.instant,
  recalledAt: column.nullableInstant,
  isRecipient: column.flag,
  deliveredAt: column.nullableInstant,
  readAt: column.nullableInstant,
  acknowledgedAt: column.nullableInstant,
  answer: column.nullableText,
  answeredAt: column.nullableInstant,
});
const readAttachmentRow = rowReader({ messageId: column.text, position: column.number, fileName: column.text, mimeType: column.text, originalKey: column.text });
const readReactionRow = rowReader({ messageId: column.text, reaction: column.text });
const readResponseRow = rowReader({
  entryId: column.text,
  pupilId: column.text,
  reaction: column.nullableText,
  body: column.nullableText,
  status: column.text,
  createdAt: column.instant,
});

const iso = (date: Date): string => date.toISOString();
const isoOrNull = (date: Date | null): string | null => (date ? date.toISOString() : null);

/**
 * Everything the schools hold about the requester that the policy lets them take away (RGPD
 * articles 15 and 20): their profile, their own guardianship records, for each child they follow
 * (or for themself, a pupil of age) the image-rights decisions, the portfolio's access history and
 * the portfolio archive, and the messages they sent or received with their receipts, answers and
 * files. Never another guardian's private data: the other parent's online consent choices, names
 * in the access history and links are left out. NOT_FOUND when no school lets them export.
 */
export async function collectFamilyData(deps: Pick<ModuleContext, 'dataSource' | 'clock' | 'media' | 'logger'>, actor: Actor): Promise<FamilyArchivePlan> {
  const { dataSource } = deps;
  const now = deps.clock.now();
  const person = await dataSource.getRepository(Person).findOneBy({ id: actor.personId });
  if (!person) throw notFound();
  const ofAge = isOfAge(person.birthDate, now);
  const schoolIds = [...actor.rolesBySchool.keys()].filter((schoolId) => can(actor, 'export', { kind: 'familyData', schoolId, personId: actor.personId, ofAge }));
  if (schoolIds.length === 0) throw notFound();
  const inSchools = schoolIds.map(() => '?').join(', ');

  const schools = await queryRows(dataSource, readSchoolRow, `SELECT id, name, uai FROM school WHERE id IN (${inSchools}) ORDER BY name`, schoolIds);
  const guardianships = await queryRows(dataSource, readGuardianshipRow, `SELECT g.schoolId AS schoolId, g.childId AS childId, c.givenName AS givenName, c.familyName AS familyName,
            g.status AS status, g.approval AS approval, g.relationship AS relationship, g.guardianRank AS guardianRank,
            g.legalBasisKind AS legalBasisKind, g.legalBasisDate AS legalBasisDate, g.effectiveFrom AS effectiveFrom, g.effectiveTo AS effectiveTo
       FROM guardianship g JOIN person c ON c.id = g.childId
      WHERE g.guardianId = ? AND g.schoolId IN (${inSchools})
      ORDER BY g.effectiveFrom, g.id`, [actor.personId, ...schoolIds]);

  const children: ExportedChild[] = [];
  const portfolios: FamilyArchivePlan['portfolios'][number][] = [];
  for (const schoolId of schoolIds) {
    const candidates = new Set<string>([actor.personId]);
    for (const key of actor.guardianships.keys()) if (key.startsWith(`${schoolId}/`)) candidates.add(key.slice(schoolId.length + 1));
    for (const childId of candidates) {
      const [child] = await queryRows(dataSource, readChildRow, 'SELECT id, givenName, familyName, birthDate FROM person WHERE id = ?', [childId]);
      if (!child) continue;
      const subjectOfAge = isOfAge(child.birthDate, now);
      // Oneself as a pupil, or a child: the policy says whose data this requester may take.
      const isPupil = childId === actor.personId;
      if (isPupil && !(subjectOfAge && actor.rolesBySchool.get(schoolId)?.has('pupil'))) continue;
      if (!isPupil && !actor.guardianships.has(guardianshipKey(schoolId, childId))) continue;
      if (!can(actor, 'export', { kind: 'familyData', schoolId, personId: childId, ofAge: subjectOfAge })) continue;
      const exported = await childData(dataSource, actor, schoolId, child, now);
      const portfolio = await portfolioOf(deps, actor, childId, now);
      const path = `children/${childId}/portfolio.zip`;
      if (portfolio) portfolios.push({ childId, path, exported: portfolio });
      children.push({ ...exported, portfolioArchive: portfolio ? path : null });
    }
  }

  const { messages, files } = await messagesOf(dataSource, actor, schoolIds);
  const responses = await queryRows(dataSource, readResponseRow, `SELECT entryId, pupilId, reaction, body, status, createdAt FROM entry_response
      WHERE authorId = ? AND schoolId IN (${inSchools}) ORDER BY createdAt, id`, [actor.personId, ...schoolIds]);

  return {
    data: {
      format: FAMILY_DATA_FORMAT,
      exportedAt: iso(now),
      person: {
        id: person.id,
        givenName: person.givenName,
        familyName: person.familyName,
        email: person.email,
        phone: person.phone,
        preferredLanguage: person.preferredLanguage,
        birthDate: person.birthDate,
        createdAt: iso(person.createdAt),
      },
      schools: schools.map((school) => ({ ...school, roles: [...(actor.rolesBySchool.get(school.id) ?? [])].sort() })),
      guardianships: guardianships.map((row) => ({
        schoolId: row.schoolId,
        childId: row.childId,
        childName: `${row.givenName} ${row.familyName}`,
        status: row.status,
        approval: row.approval,
        relationship: row.relationship,
        guardianRank: row.guardianRank,
        legalBasisKind: row.legalBasisKind,
        legalBasisDate: row.legalBasisDate,
        effectiveFrom: iso(row.effectiveFrom),
        effectiveTo: isoOrNull(row.effectiveTo),
      })),
      children,
      messages,
      portfolioResponses: responses.map((row) => ({
        entryId: row.entryId,
        childId: row.pupilId,
        reaction: row.reaction,
        body: row.body,
        status: row.status,
        at: iso(row.createdAt),
      })),
    },
    files,
    portfolios,
  };
}

/** The child's portfolio archive as the portfolio export gives it to this requester, or null when it refuses them. */
async function portfolioOf(deps: Pick<ModuleContext, 'dataSource' | 'media' | 'logger'>, actor: Actor, childId: string, now: Date): Promise<PortfolioExport | null> {
  try {
    return await keepStoredMedia(deps.media.storage, await collectPortfolioExport(deps.dataSource, actor, childId, now), deps.logger);
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

/** A child's consents, rights in force and access history, as this requester may have them. */
async function childData(
  dataSource: DataSource,
  actor: Actor,
  schoolId: string,
  child: { id: string; givenName: string; familyName: string; birthDate: string | null },
  now: Date,
): Promise<Omit<ExportedChild, 'portfolioArchive'>> {
  // The other guardian's own online choices are theirs: only this requester's and the school's paper forms.
  const consents = await queryRows(dataSource, readConsentRow, `SELECT scope, purpose, givenById, evidence, validFrom, validTo, createdAt FROM image_consent
      WHERE schoolId = ? AND childId = ? AND (givenById IS NULL OR givenById = ?) ORDER BY createdAt, id`, [schoolId, child.id, actor.personId]);
  const states = (await imageConsentStates(dataSource, schoolId, [child.id], now)).get(child.id);
  const accesses = await queryRows(dataSource, readAccessRow, `SELECT a.at AS at, a.channel AS channel, a.personId AS personId, p.givenName AS givenName, p.familyName AS familyName,
            g.label AS label, a.deviceFamily AS deviceFamily, a.network AS network,
            CASE WHEN EXISTS (SELECT 1 FROM guardianship gg WHERE gg.guardianId = a.personId AND gg.childId = a.pupilId AND gg.schoolId = a.schoolId)
                 THEN 1 ELSE 0 END AS byGuardian
       FROM portfolio_access a
       LEFT JOIN person p ON p.id = a.personId
       LEFT JOIN share_grant g ON g.id = a.grantId
      WHERE a.schoolId = ? AND a.pupilId = ?
      ORDER BY a.at, a.id`, [schoolId, child.id]);
  return {
    id: child.id,
    schoolId,
    givenName: child.givenName,
    familyName: child.familyName,
    birthDate: child.birthDate,
    imageRightsInForce: {
      portfolio: states?.portfolio.scope ?? 'none',
      classMoments: states?.classMoments.scope ?? 'none',
      printedDocuments: states?.printedDocuments.scope ?? 'none',
    },
    consents: consents.map((row) => ({
      scope: row.scope,
      purpose: row.purpose,
      givenByYou: row.givenById === actor.personId,
      evidence: row.evidence,
      validFrom: iso(row.validFrom),
      validTo: isoOrNull(row.validTo),
      recordedAt: iso(row.createdAt),
    })),
    portfolioAccesses: accesses.map((row) => {
      const byYou = row.personId === actor.personId;
      // Another guardian's visits keep their date and device, never their name.
      const hidden = row.byGuardian && !byYou;
      const name = row.givenName !== null ? `${row.givenName} ${row.familyName ?? ''}`.trim() : row.label;
      return { at: iso(row.at), channel: row.channel, who: hidden ? null : name, byYou, deviceFamily: row.deviceFamily, network: row.network };
    }),
  };
}

/** The messages this requester sent, and those they received and may still read, with their files. */
async function messagesOf(dataSource: DataSource, actor: Actor, schoolIds: readonly string[]): Promise<{ messages: ExportedMessage[]; files: ArchiveFile[] }> {
  const inSchools = schoolIds.map(() => '?').join(', ');
  const rows = await queryRows(dataSource, readMessageRow, `SELECT m.id AS id, m.schoolId AS schoolId, m.threadId AS threadId, m.senderId AS senderId,
            s.givenName AS senderGiven, s.familyName AS senderFamily, m.pupilId AS pupilId, r.pupilId AS recipientPupilId,
            m.kind AS kind, m.requestKind AS requestKind, m.subject AS subject, m.body AS body, m.createdAt AS createdAt, m.recalledAt AS recalledAt,
            CASE WHEN r.personId IS NULL THEN 0 ELSE 1 END AS isRecipient, r.deliveredAt AS deliveredAt, r.readAt AS readAt,
            r.acknowledgedAt AS acknowledgedAt, r.answer AS answer, r.answeredAt AS answeredAt
       FROM message m
       JOIN person s ON s.id = m.senderId
       LEFT JOIN message_recipient r ON r.messageId = m.id AND r.personId = ?
      WHERE m.schoolId IN (${inSchools}) AND (m.senderId = ? OR r.personId IS NOT NULL)
      ORDER BY m.createdAt, m.id`, [actor.personId, ...schoolIds, actor.personId]);
  const readable = rows.filter((row) =>
    row.senderId === actor.personId ||
    // Only messages this person sent or received are theirs to take away: a child's own exchange
    // with a teacher, which a school may let guardians read, stays the child's.
    can(actor, 'read', { kind: 'message', schoolId: row.schoolId, senderId: row.senderId, recipientIds: [actor.personId], pupilId: row.recipientPupilId, pupilExchange: null }),
  );
  const ids = readable.map((row) => row.id);
  const attachments = ids.length === 0 ? [] : await queryRows(dataSource, readAttachmentRow, `SELECT a.messageId AS messageId, a.position AS position, f.fileName AS fileName, f.mimeType AS mimeType, f.originalKey AS originalKey
       FROM message_attachment a JOIN message_file f ON f.id = a.mediaId
      WHERE a.messageId IN (${ids.map(() => '?').join(', ')}) ORDER BY a.messageId, a.position`, ids);
  const reactions = ids.length === 0 ? [] : await queryRows(dataSource, readReactionRow, `SELECT messageId, reaction FROM message_reaction
      WHERE personId = ? AND messageId IN (${ids.map(() => '?').join(', ')}) ORDER BY createdAt`, [actor.personId, ...ids]);

  const files: ArchiveFile[] = [];
  const messages = readable.map((row): ExportedMessage => {
    const recalled = row.recalledAt !== null && row.senderId !== actor.personId;
    const own = recalled ? [] : attachments.filter((attachment) => attachment.messageId === row.id);
    const listed = own.map((attachment) => {
      const file = { path: `messages/${row.id}/${attachment.position + 1}-${archiveFileName(attachment.fileName)}`, fileName: attachment.fileName, mimeType: attachment.mimeType };
      files.push({ ...file, storageKey: attachment.originalKey });
      return file;
    });
    return {
      id: row.id,
      schoolId: row.schoolId,
      threadId: row.threadId,
      sentByYou: row.senderId === actor.personId,
      senderName: `${row.senderGiven} ${row.senderFamily}`,
      childId: row.pupilId ?? row.recipientPupilId,
      kind: row.kind,
      requestKind: row.requestKind,
      subject: recalled ? null : row.subject,
      body: recalled ? null : row.body,
      sentAt: iso(row.createdAt),
      recalledAt: isoOrNull(row.recalledAt),
      attachments: listed,
      receipt: row.isRecipient
        ? { deliveredAt: isoOrNull(row.deliveredAt), readAt: isoOrNull(row.readAt), acknowledgedAt: isoOrNull(row.acknowledgedAt), answer: row.answer, answeredAt: isoOrNull(row.answeredAt) }
        : null,
      yourReactions: reactions.filter((reaction) => reaction.messageId === row.id).map((reaction) => reaction.reaction),
    };
  });
  return { messages, files };
}

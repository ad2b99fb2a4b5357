import type { DataSource } from 'typeorm';
import { AuditEvent } from '../model/audit-event.js';

/** An audit record as the director reads it. */
interface AuditEntry {
  readonly id: string;
  readonly at: Date;
  readonly action: string;
  readonly actorId: string | null;
  readonly actorName: string | null;
  readonly subjectKind: string;
  readonly subjectId: string | null;
  readonly detail: Record<string, unknown>;
}

/** The latest audit records of a school, newest first. */
export async function listAuditEvents(dataSource: DataSource, schoolId: string, limit = 100): Promise<AuditEntry[]> {
  const rows = await dataSource
    .getRepository(AuditEvent)
    .createQueryBuilder('a')
    .leftJoin('person', 'p', 'p.id = a.actorId')
    .addSelect(['p.givenName', 'p.familyName'])
    .where('a.schoolId = :schoolId', { schoolId })
    .orderBy('a.at', 'DESC')
    .addOrderBy('a.id', 'DESC')
    .limit(limit)
    .getRawAndEntities();
  return rows.entities.map((event, index) => {
    const raw = rows.raw[index] as { p_givenName?: string | null; p_familyName?: string | null };
    return {
      id: event.id,
      at: event.at,
      action: event.action,
      actorId: event.actorId,
      actorName: raw.p_givenName ? `${raw.p_givenName} ${raw.p_familyName ?? ''}`.trim() : null,
      subjectKind: event.subjectKind,
      subjectId: event.subjectId,
      detail: JSON.parse(event.detailJson) as Record<string, unknown>,
    };
  });
}

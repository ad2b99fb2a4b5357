import type { DataSource } from 'typeorm';
import { sha256Hex } from '../secrets.js';
import { fitText } from '../text-limits.js';
import { readIdRow } from '../../db/common-rows.js';
import { queryRows } from '../../db/row-reader.js';

/** Longest class reference the column holds (`school_class.externalRef`). */
const CLASS_REF_MAX = 191;
/** Longest class name (`school_class.name`). */
export const CLASS_NAME_MAX = 100;

/** An LTI context as a launch or a roster sync names it. */
export interface LtiContext {
  readonly id: string;
  /** The context's title, else its label, already cut to a class name's length. */
  readonly title?: string;
}

/**
 * The class reference of a context of a registration: `lti:<registration id>:<context id>`. A
 * context id is unique only within its platform (LTI core §5.4.1), so every registration's contexts
 * are classes of their own: another platform's course with the same id, or a class the school
 * imported whose reference happens to match, is never joined (joining an existing class is the
 * head of school's act, not a coincidence of ids). When the id would not fit, or has spaces at
 * its ends (which MariaDB's padded comparison would ignore), a digest stands for it; `#` after the
 * registration id tells the two forms apart.
 */
export function contextClassRef(platformId: string, contextId: string): string {
  const plain = `lti:${platformId}:${contextId}`;
  if (plain.length <= CLASS_REF_MAX && contextId.trim() === contextId) return plain;
  return `lti:${platformId}#${sha256Hex(contextId)}`;
}

/** The name a context's class gets: its title (or label), else its id, always within the column. */
export function contextClassName(context: LtiContext): string {
  return context.title ?? fitText(context.id, CLASS_NAME_MAX) ?? context.id.slice(0, CLASS_NAME_MAX);
}

/** The class a registration's context became in this school, if it did. */
export async function findContextClass(dataSource: DataSource, schoolId: string, platformId: string, contextId: string): Promise<string | undefined> {
  const rows = await queryRows(dataSource, readIdRow, 'SELECT id FROM school_class WHERE schoolId = ? AND externalRef = ?', [
    schoolId,
    contextClassRef(platformId, contextId),
  ]);
  return rows[0]?.id;
}

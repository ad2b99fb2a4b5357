import type { DataSource } from 'typeorm';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';

const readUnreadGroup = rowReader({ schoolId: column.text, senderId: column.text, pupilId: column.nullableText, unread: column.number });

/**
 * How many messages wait unread for the person, as the inbox counts them (received, not opened,
 * not recalled), in one query: rows are grouped by what the policy reads (school, sender, the
 * child the message came through) and each group is kept only if the person may still read it
 * (a guardian kept away by a decision no longer counts the child's messages).
 */
export async function countUnread(dataSource: DataSource, actor: Actor): Promise<number> {
  const groups = await queryRows(dataSource, readUnreadGroup, `SELECT m.schoolId AS schoolId, m.senderId AS senderId, r.pupilId AS pupilId, COUNT(*) AS unread
       FROM message_recipient r JOIN message m ON m.id = r.messageId
      WHERE r.personId = ? AND r.readAt IS NULL AND m.recalledAt IS NULL
      GROUP BY m.schoolId, m.senderId, r.pupilId`,
    [actor.personId]);
  return groups
    .filter((group) =>
      // A recipient reads by being one; a pupil's exchange only adds readers who are not recipients.
      can(actor, 'read', { kind: 'message', schoolId: group.schoolId, senderId: group.senderId, recipientIds: [actor.personId], pupilId: group.pupilId, pupilExchange: null }),
    )
    .reduce((sum, group) => sum + group.unread, 0);
}

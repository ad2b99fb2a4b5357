import type { EntityManager } from 'typeorm';
import { newId } from '../model/columns.js';
import { storeMessage } from './store-message.js';

/** The demo people the conversations involve, by role. */
export interface DemoConversationPeople {
  readonly schoolId: string;
  readonly gsClassId: string;
  readonly gsTeacherId: string;
  readonly gsFamilies: readonly { personId: string; pupilId: string }[];
  /** Julie Petit and her son Léo. */
  readonly parent: { personId: string; pupilId: string };
}

/**
 * A few conversations for the demo school, written without notifications: a class
 * announcement of the GS teacher (yesterday), and a mother's question with the teacher's answer.
 */
export async function insertDemoConversations(manager: EntityManager, people: DemoConversationPeople, now: Date): Promise<void> {
  const yesterday = new Date(now.getTime() - 24 * 3_600_000);
  const base = {
    schoolId: people.schoolId,
    classId: null,
    pupilId: null,
    requestKind: null,
    urgent: false,
    copyPupil: false,
    idempotencyKey: null,
    requestHash: null,
    attachments: [],
    notifications: [],
    language: 'fr',
  } as const;
  const announcement = newId();
  await storeMessage(
    manager,
    {
      ...base,
      id: announcement,
      threadId: announcement,
      senderId: people.gsTeacherId,
      audience: 'class',
      classId: people.gsClassId,
      kind: 'information',
      subject: 'Bienvenue dans e-carnet',
      body: 'Bonjour à toutes et à tous,\n\nVous trouverez ici les nouvelles de la classe. Vous pouvez me répondre directement.\n\nClaire Martin',
      recipients: people.gsFamilies.map((family) => ({ personId: family.personId, role: 'guardian', pupilId: family.pupilId })),
    },
    yesterday,
  );
  const question = newId();
  await storeMessage(
    manager,
    {
      ...base,
      id: question,
      threadId: question,
      senderId: people.parent.personId,
      audience: 'teacher',
      pupilId: people.parent.pupilId,
      kind: 'information',
      subject: 'Rendez-vous chez l’orthophoniste',
      body: 'Bonjour Madame Martin,\nLéo partira à 15 h jeudi pour un rendez-vous chez l’orthophoniste. Merci !\nJulie Petit',
      recipients: [{ personId: people.gsTeacherId, role: 'staff', pupilId: null }],
    },
    yesterday,
  );
  await storeMessage(
    manager,
    {
      ...base,
      id: newId(),
      threadId: question,
      senderId: people.gsTeacherId,
      audience: 'reply',
      pupilId: people.parent.pupilId,
      kind: 'information',
      subject: null,
      body: 'Bien noté, merci de m’avoir prévenue. Bonne journée !',
      recipients: [{ personId: people.parent.personId, role: 'guardian', pupilId: people.parent.pupilId }],
    },
    new Date(yesterday.getTime() + 3_600_000),
  );
}

import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import type { MediaStorage } from '../../src/media/index.js';
import { newId } from '../../src/model/columns.js';
import {
  EntryPupil,
  Message,
  MessageAttachment,
  MessageFile,
  MessageRecipient,
  MediumTag,
  PortfolioEntry,
  PortfolioFeedItem,
  PortfolioMedium,
  type Person,
  type SchoolClass,
} from '../../src/model/index.js';
import type { SchoolFactory } from '../support/factories.js';

/** Builds portfolio entries and messages with their stored files, as the app leaves them. */
export class RetentionFixture {
  constructor(
    private readonly dataSource: DataSource,
    private readonly storage: MediaStorage,
  ) {}

  /** Stores the three renditions of a photo and returns their keys. */
  private async storeRenditions(school: SchoolFactory, folder: 'media' | 'messages'): Promise<{ originalKey: string; screenKey: string; thumbnailKey: string }> {
    const base = `schools/${school.id}/${folder}/${newId()}`;
    const keys = { originalKey: `${base}.jpg`, screenKey: `${base}.screen.webp`, thumbnailKey: `${base}.thumb.webp` };
    for (const key of Object.values(keys)) await this.storage.put(key, Readable.from([Buffer.from(`bytes of ${key}`)]), { contentType: 'image/jpeg' });
    return keys;
  }

  /** A published entry about these children (a class moment when `children` is empty), with `photos` photos, each tagged with `tagged`. */
  async entry(
    school: SchoolFactory,
    klass: SchoolClass,
    author: Person,
    children: readonly Person[],
    options: { photos?: number; tagged?: readonly Person[]; at?: Date; feedFor?: readonly Person[] } = {},
  ): Promise<{ entryId: string; mediumIds: string[]; keys: string[] }> {
    const at = options.at ?? new Date('2026-10-01T10:00:00.000Z');
    const entryId = newId();
    await this.dataSource.getRepository(PortfolioEntry).insert({
      id: entryId,
      schoolId: school.id,
      classId: klass.id,
      authorId: author.id,
      audience: children.length === 0 ? 'class' : 'children',
      momentKind: null,
      title: 'Une entrée',
      comment: '',
      state: 'published',
      publishAt: at,
      familiesSeeAt: at,
      approvedById: null,
      createdAt: at,
      updatedAt: at,
    });
    for (const child of children) await this.dataSource.getRepository(EntryPupil).insert({ entryId, pupilId: child.id, schoolId: school.id });
    for (const child of options.feedFor ?? children) {
      await this.dataSource.getRepository(PortfolioFeedItem).insert({ entryId, pupilId: child.id, schoolId: school.id, publishAt: at, familiesSeeAt: at });
    }
    const mediumIds: string[] = [];
    const keys: string[] = [];
    for (let position = 0; position < (options.photos ?? 0); position += 1) {
      const stored = await this.storeRenditions(school, 'media');
      const id = newId();
      await this.dataSource.getRepository(PortfolioMedium).insert({
        id,
        schoolId: school.id,
        classId: klass.id,
        entryId,
        uploadedById: author.id,
        kind: 'photo',
        mimeType: 'image/jpeg',
        fileName: `photo-${position}.jpg`,
        bytes: '10',
        storedBytes: '30',
        width: 4,
        height: 3,
        ...stored,
        peopleReviewed: true,
        position,
        createdAt: at,
      });
      for (const child of options.tagged ?? []) await this.dataSource.getRepository(MediumTag).insert({ mediumId: id, pupilId: child.id, schoolId: school.id });
      mediumIds.push(id);
      keys.push(...Object.values(stored));
    }
    return { entryId, mediumIds, keys };
  }

  /** A message from `sender` to `recipients` at `at`, about `pupil`, with one file; replies may follow in its thread. */
  async message(
    school: SchoolFactory,
    sender: Person,
    recipients: readonly Person[],
    at: Date,
    options: { pupil?: Person; threadId?: string; file?: boolean } = {},
  ): Promise<{ messageId: string; fileId: string | null; keys: string[] }> {
    const messageId = newId();
    await this.dataSource.getRepository(Message).insert({
      id: messageId,
      schoolId: school.id,
      threadId: options.threadId ?? messageId,
      senderId: sender.id,
      audience: options.threadId ? 'reply' : 'family',
      classId: null,
      pupilId: options.pupil?.id ?? null,
      kind: 'information',
      requestKind: null,
      subject: 'Sortie',
      body: 'Bonjour',
      language: 'fr',
      urgent: false,
      copyPupil: false,
      idempotencyKey: null,
      requestHash: null,
      recipientCount: recipients.length,
      createdAt: at,
      recalledAt: null,
    });
    for (const recipient of recipients) {
      await this.dataSource.getRepository(MessageRecipient).insert({
        messageId,
        personId: recipient.id,
        role: 'guardian',
        pupilId: options.pupil?.id ?? null,
        deliveredAt: at,
        readAt: null,
        acknowledgedAt: null,
        answer: null,
        answeredAt: null,
      });
    }
    if (options.file === false) return { messageId, fileId: null, keys: [] };
    const stored = await this.storeRenditions(school, 'messages');
    const fileId = newId();
    await this.dataSource.getRepository(MessageFile).insert({
      id: fileId,
      schoolId: school.id,
      uploadedById: sender.id,
      kind: 'photo',
      mimeType: 'image/jpeg',
      fileName: 'sortie.jpg',
      bytes: '10',
      storedBytes: '30',
      width: 4,
      height: 3,
      ...stored,
      attachedAt: at,
      createdAt: at,
    });
    await this.dataSource.getRepository(MessageAttachment).insert({ id: newId(), messageId, mediaId: fileId, kind: 'file', position: 0 });
    return { messageId, fileId, keys: Object.values(stored) };
  }
}

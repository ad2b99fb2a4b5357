import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CodeColumn, InstantColumn } from './columns.js';

/** A translation already made, so a message is translated once per language, not once per reading. */
@Entity('translation_cache')
export class TranslationCacheEntry {
  @PrimaryColumn({ type: 'varchar', length: 64 }) cacheKey: string;
  @CodeColumn(32) provider: string;
  @CodeColumn(16) sourceLanguage: string;
  @CodeColumn(16) targetLanguage: string;
  @Column({ type: 'text' }) translatedText: string;
  @InstantColumn() createdAt: Date;
}

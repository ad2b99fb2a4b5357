import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { isUniqueViolation } from '../db/unique-violation.js';
import { sqlInstant } from '../db/sql-values.js';
import { baseLanguage, type TranslationProvider } from './provider.js';
import { featureMetrics } from '../metrics/metrics.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

/** A text as one reader sees it. */
export type TranslationOutcome =
  | { status: 'original' }
  | { status: 'translated'; text: string; provider: string }
  /** The provider failed: the original is shown with a notice; the message is never held back. */
  | { status: 'unavailable' };

/**
 * Translations through a provider, cached in `translation_cache` so each text is translated
 * once per language. Never throws: a failing provider gives `unavailable`.
 */
export class CachedTranslator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly provider: TranslationProvider | null,
  ) {}

  async translate(text: string, from: string, to: string, now: Date): Promise<TranslationOutcome> {
    if (baseLanguage(from) === baseLanguage(to)) return { status: 'original' };
    if (!this.provider) return { status: 'original' };
    const key = cacheKey(this.provider.id, from, to, text);
    const cached = await queryRows(this.dataSource, rowReader({ translatedText: column.text }), 'SELECT translatedText FROM translation_cache WHERE cacheKey = ?', [key]);
    featureMetrics.translationCache.inc({ result: cached[0] ? 'hit' : 'miss' });
    if (cached[0]) return { status: 'translated', text: cached[0].translatedText, provider: this.provider.id };
    let translated: string;
    try {
      translated = await this.provider.translate(text, from, to);
    } catch {
      return { status: 'unavailable' };
    }
    try {
      await this.dataSource.query(
        'INSERT INTO translation_cache (cacheKey, provider, sourceLanguage, targetLanguage, translatedText, createdAt) VALUES (?, ?, ?, ?, ?, ?)',
        [key, this.provider.id, baseLanguage(from), baseLanguage(to), translated, sqlInstant(now)],
      );
    } catch (error) {
      // Two readers translated the same text at once: the first one's row stands.
      if (!isUniqueViolation(error)) throw error;
    }
    return { status: 'translated', text: translated, provider: this.provider.id };
  }
}

function cacheKey(provider: string, from: string, to: string, text: string): string {
  return createHash('sha256').update(`${provider}\n${baseLanguage(from)}\n${baseLanguage(to)}\n${text}`).digest('hex');
}

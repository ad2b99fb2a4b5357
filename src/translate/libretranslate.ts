import { baseLanguage, postForm, TranslationUnavailable, type TranslationProvider } from './provider.js';

/**
 * The LibreTranslate HTTP API (`POST /translate` with `q`, `source`, `target`, optional
 * `api_key`), self-hosted or a provider's.
 *
 * @see https://docs.libretranslate.com/guides/api_usage/
 */
export class LibreTranslateProvider implements TranslationProvider {
  readonly id = 'libretranslate';

  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string | null = null,
    private readonly timeoutMs = 5000,
  ) {}

  async translate(text: string, from: string, to: string): Promise<string> {
    const form: Record<string, string> = { q: text, source: baseLanguage(from), target: baseLanguage(to), format: 'text' };
    if (this.apiKey) form.api_key = this.apiKey;
    const body = (await postForm(`${this.baseUrl.replace(/\/+$/, '')}/translate`, form, this.timeoutMs)) as { translatedText?: unknown };
    if (typeof body.translatedText !== 'string') throw new TranslationUnavailable('LibreTranslate gave no translation');
    return body.translatedText;
  }
}

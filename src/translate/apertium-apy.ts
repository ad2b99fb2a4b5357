import { baseLanguage, postForm, TranslationUnavailable, type TranslationProvider } from './provider.js';

/**
 * Apertium APy (`apertium-apy`, Debian packages `apertium-apy apertium-fr-es`): rule-based
 * translation served over HTTP, which a school or académie can run on its own servers.
 *
 * @see https://wiki.apertium.org/wiki/Apertium-apy
 */
export class ApertiumApyProvider implements TranslationProvider {
  readonly id = 'apertium';

  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 3000,
  ) {}

  async translate(text: string, from: string, to: string): Promise<string> {
    const body = (await postForm(`${this.baseUrl.replace(/\/+$/, '')}/translate`, {
      q: text,
      langpair: `${baseLanguage(from)}|${baseLanguage(to)}`,
      // Unknown words are marked with "*" by default; families should not see the marks.
      markUnknown: 'no',
    }, this.timeoutMs)) as { responseStatus?: number; responseData?: { translatedText?: unknown } };
    const translated = body.responseData?.translatedText;
    if (body.responseStatus !== 200 || typeof translated !== 'string') throw new TranslationUnavailable('APy could not translate this pair');
    return translated;
  }
}

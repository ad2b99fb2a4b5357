import type { TranslationProvider } from '../../src/translate/provider.js';
import { TranslationUnavailable } from '../../src/translate/provider.js';

/**
 * A translation provider reading from a phrasebook, for language pairs Debian's Apertium does not
 * have (French → Arabic): a phrase it does not know is unavailable, as a real provider's would be.
 * Counts its calls, so tests see the cache at work.
 */
export class PhrasebookProvider implements TranslationProvider {
  readonly id = 'phrasebook';
  calls = 0;

  constructor(private readonly phrases: Readonly<Record<string, Readonly<Record<string, string>>>>) {}

  translate(text: string, from: string, to: string): Promise<string> {
    this.calls += 1;
    const translated = this.phrases[`${from}>${to}`]?.[text];
    return translated === undefined ? Promise.reject(new TranslationUnavailable(`no phrase for ${text}`)) : Promise.resolve(translated);
  }
}

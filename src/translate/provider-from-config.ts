import type { MessagingConfig } from '../config/schema.js';
import { ApertiumApyProvider } from './apertium-apy.js';
import { LibreTranslateProvider } from './libretranslate.js';
import type { TranslationProvider } from './provider.js';

/** The provider the configuration names, or null (`none`: messages are shown as written). */
export function translationProviderFrom(config: MessagingConfig['translation']): TranslationProvider | null {
  if (config.provider === 'none' || !config.url) return null;
  return config.provider === 'apertium' ? new ApertiumApyProvider(config.url) : new LibreTranslateProvider(config.url, config.apiKey);
}

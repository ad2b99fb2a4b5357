import type { Config } from '../config/schema.js';
import { createTranslator } from '../i18n/translator.js';
import { toolConfiguration, toolEndpoints } from './registration/tool-configuration.js';

/**
 * The `lti` section of the served manifest.json: the LTI 1.3 tool configuration with this
 * deployment's absolute URLs, the same one dynamic registration posts to a platform, for an ENT
 * administrator who registers e-carnet by hand. Static fields of `manifest.json`'s `lti` key
 * come first; computed ones win.
 */
export function ltiManifestSection(config: Config, fromFile: unknown): unknown {
  const base = fromFile && typeof fromFile === 'object' && !Array.isArray(fromFile) ? fromFile : {};
  return {
    ...base,
    endpoints: toolEndpoints(config.baseUrl),
    registration: toolConfiguration(config.baseUrl, createTranslator().forLanguage('fr')('lti.toolDescription')),
  };
}

import type { Config } from './schema.js';

/**
 * The master secrets, current first: new values are sealed or derived under the first only; the
 * others (`ECARNET_SECRET_KEY_PREVIOUS`) still open or recognise what they made before a rotation.
 */
export function masterSecrets(config: Pick<Config, 'secretKey' | 'previousSecretKeys'>): readonly [string, ...string[]] {
  return [config.secretKey, ...config.previousSecretKeys];
}

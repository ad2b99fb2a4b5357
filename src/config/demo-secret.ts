import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './schema.js';

/**
 * In demo mode without ECARNET_SECRET_KEY, a secret generated once and kept in the data folder
 * (mode 0600), so that what is derived from it (signing keys, encrypted values) survives a
 * restart. Production never gets here: it requires the variable.
 */
export function withDemoSecret(config: Config): Config {
  if (!config.secretKeyIsEphemeral || config.mode !== 'demo') return config;
  const file = path.join(config.dataDir, 'demo-secret.key');
  fs.mkdirSync(config.dataDir, { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
  return { ...config, secretKey: fs.readFileSync(file, 'utf8').trim(), secretKeyIsEphemeral: false };
}

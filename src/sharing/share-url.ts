import type { Config } from '../config/schema.js';

/** The address a share token opens (`/s/<token>`), as printed on a sheet or handed to a guardian. */
export function shareUrl(config: Pick<Config, 'baseUrl'>, token: string): string {
  return `${config.baseUrl.replace(/\/$/, '')}/s/${token}`;
}

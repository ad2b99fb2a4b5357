import type { Logger } from 'pino';
import type { MediaStorage } from '../../media/index.js';
import type { PortfolioExport } from './collect-portfolio-export.js';

/**
 * The export without media whose stored original has gone missing (an object lost by the
 * backend). Checked before the first byte is sent: once the download has started, a missing file
 * could only cut it short, and the family would lose the whole archive for one photo.
 */
export async function keepStoredMedia(storage: MediaStorage, exported: PortfolioExport, logger: Logger): Promise<PortfolioExport> {
  const entries = [];
  for (const entry of exported.entries) {
    const media = [];
    for (const medium of entry.media) {
      if (await storage.stat(medium.storageKey)) media.push(medium);
      else logger.error({ key: medium.storageKey, entryId: entry.id }, 'portfolio export: stored medium missing, left out of the archive');
    }
    entries.push({ ...entry, media });
  }
  return { ...exported, entries };
}

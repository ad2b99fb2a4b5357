import type { Logger } from 'pino';
import type { ReceivedMedia } from './multipart.js';
import type { MediaStorage } from './storage.js';

/**
 * Deletes the stored objects of media that will not be kept (a refused entry or message, a failed
 * write). A failed delete is logged, not thrown: the caller is already handling the real failure.
 */
export async function deleteStoredFiles(storage: MediaStorage, logger: Pick<Logger, 'error'>, files: readonly { keys: ReceivedMedia['keys'] }[]): Promise<void> {
  for (const file of files) {
    for (const key of [file.keys.original, file.keys.screen, file.keys.thumbnail]) {
      if (key) await storage.delete(key).catch((error: unknown) => logger.error({ err: error, key }, 'could not delete a stored medium'));
    }
  }
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { storedMimeTypeOfKey } from './media-types.js';
import { sendStoredMedia } from './send-stored-media.js';
import type { MediaStorage } from './storage.js';

/** The renditions a client may ask for. */
export const RENDITIONS = ['thumbnail', 'screen', 'original'] as const;
export type Rendition = (typeof RENDITIONS)[number];

/** A stored item as its row records it (a portfolio medium, a message file). */
export interface StoredItem {
  readonly originalKey: string;
  readonly screenKey: string | null;
  readonly thumbnailKey: string | null;
  readonly mimeType: string;
  readonly fileName: string;
  readonly bytes: string | number;
}

/**
 * Sends one rendition of a stored item, after the caller has authorised the request. An item
 * without that rendition (a video has no thumbnail) falls back to the next larger one.
 */
export async function sendRendition(
  req: IncomingMessage,
  res: ServerResponse,
  storage: MediaStorage,
  item: StoredItem,
  rendition: Rendition,
  download: boolean,
): Promise<void> {
  const key =
    rendition === 'thumbnail' ? (item.thumbnailKey ?? item.screenKey ?? item.originalKey) : rendition === 'screen' ? (item.screenKey ?? item.originalKey) : item.originalKey;
  const isOriginal = key === item.originalKey;
  await sendStoredMedia(req, res, {
    storage,
    key,
    mimeType: isOriginal ? item.mimeType : (storedMimeTypeOfKey(key) ?? 'application/octet-stream'),
    fileName: item.fileName,
    disposition: download ? 'attachment' : 'inline',
    bytes: isOriginal ? Number(item.bytes) : undefined,
  });
}

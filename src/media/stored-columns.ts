import type { IngestedMedia } from './ingest.js';

/** The columns every row of a stored item carries (portfolio media, message files). */
export interface StoredColumns {
  readonly kind: IngestedMedia['kind'];
  readonly mimeType: string;
  readonly fileName: string;
  readonly bytes: string;
  readonly storedBytes: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly originalKey: string;
  readonly screenKey: string | null;
  readonly thumbnailKey: string | null;
}

/**
 * What a row records of an item the pipeline stored. The download name says what the item is
 * (`photo-2.jpg`, `message-vocal-1.wav`), never the uploaded file's own name.
 */
export function storedColumns(file: IngestedMedia, nameStem: string, position: number): StoredColumns {
  return {
    kind: file.kind,
    mimeType: file.mimeType,
    fileName: `${nameStem}-${position + 1}.${file.extension}`,
    bytes: String(file.bytes),
    storedBytes: String(file.storedBytes),
    width: file.width,
    height: file.height,
    originalKey: file.keys.original,
    screenKey: file.keys.screen,
    thumbnailKey: file.keys.thumbnail,
  };
}

import { fileTypeFromBuffer } from 'file-type';
import { Readable, pipeline } from 'node:stream';
import { ByteLimit } from './byte-limit.js';
import { MediaError } from './errors.js';
import { newMediaKeyBase } from './keys.js';
import type { MediaLimits } from './limits.js';
import { classify, type AcceptedType, type MediaKind } from './media-types.js';
import { peekHead } from './peek.js';
import { readWhole } from './read-whole.js';
import { renderPhoto, type EncodedImage } from './photo.js';
import { assertValidKey, type MediaStorage } from './storage.js';

export type { MediaKind } from './media-types.js';

/** file-type reads at most this much for the formats we accept (its own recommended sample). */
const SNIFF_BYTES = 4100;

/** A stored media item: what the portfolio records in its row. */
export interface IngestedMedia {
  readonly kind: MediaKind;
  /** The stored original's type (a photo's after re-encoding, e.g. HEIC → image/jpeg). */
  readonly mimeType: string;
  readonly extension: string;
  /** Size of the stored original. */
  readonly bytes: number;
  /** Total stored bytes, renditions included: what counts against the school's quota. */
  readonly storedBytes: number;
  /** Pixels of the (upright) original, for photos; null otherwise. */
  readonly width: number | null;
  readonly height: number | null;
  readonly keys: { readonly original: string; readonly screen: string | null; readonly thumbnail: string | null };
  /** Types of the renditions, to serve them (`image/jpeg` or `image/webp`); null when there are none. */
  readonly renditionMimeTypes: { readonly screen: string | null; readonly thumbnail: string | null };
}

/** What ingestMedia needs besides the bytes. */
export interface IngestOptions {
  readonly storage: MediaStorage;
  /** Folder for this item's keys, e.g. `schools/<schoolId>/entries`; validated as a key. */
  readonly keyPrefix: string;
  readonly limits: MediaLimits;
  /** Bytes the school may still store; exceeding it fails with `MEDIA_QUOTA_EXCEEDED`. */
  readonly remainingQuotaBytes: number;
  /** The client's Content-Type for the file: a hint that must agree with the bytes, never trusted alone. */
  readonly declaredMimeType?: string;
  /** Kinds accepted here (e.g. `['audio']` for a voice note); default all. */
  readonly accept?: readonly MediaKind[];
}

function maxBytesFor(kind: MediaKind, limits: MediaLimits): number {
  switch (kind) {
    case 'photo':
      return limits.maxPhotoBytes;
    case 'video':
      return limits.maxVideoBytes;
    case 'audio':
      return limits.maxAudioBytes;
    case 'document':
      return limits.maxDocumentBytes;
  }
}

async function putAll(storage: MediaStorage, items: ReadonlyArray<{ key: string; image: EncodedImage }>): Promise<void> {
  const results = await Promise.allSettled(items.map(({ key, image }) => storage.put(key, Readable.from([image.data]), { contentType: image.mimeType })));
  const failure = results.find((result) => result.status === 'rejected');
  if (!failure) return;
  await Promise.all(items.map(({ key }) => storage.delete(key).catch(() => undefined)));
  throw failure.reason;
}

async function ingestPhoto(rest: Readable, type: AcceptedType, options: IngestOptions): Promise<IngestedMedia> {
  // Photos need random access (sharp), so they are read whole, up to their own, smaller limit.
  const limit = options.limits.maxPhotoBytes;
  const input = await readWhole(rest, limit, () => new MediaError('MEDIA_TOO_LARGE', `photo larger than ${limit} bytes`));
  const { original, screen, thumbnail } = await renderPhoto(input, type, options.limits.maxInputPixels);
  const storedBytes = original.data.length + screen.data.length + thumbnail.data.length;
  if (storedBytes > options.remainingQuotaBytes) {
    throw new MediaError('MEDIA_QUOTA_EXCEEDED', `photo needs ${storedBytes} bytes, ${options.remainingQuotaBytes} left`);
  }
  const base = newMediaKeyBase(options.keyPrefix);
  const keys = { original: `${base}.${original.extension}`, screen: `${base}.screen.${screen.extension}`, thumbnail: `${base}.thumb.${thumbnail.extension}` };
  await putAll(options.storage, [
    { key: keys.original, image: original },
    { key: keys.screen, image: screen },
    { key: keys.thumbnail, image: thumbnail },
  ]);
  return {
    kind: 'photo',
    mimeType: original.mimeType,
    extension: original.extension,
    bytes: original.data.length,
    storedBytes,
    width: original.width,
    height: original.height,
    keys,
    renditionMimeTypes: { screen: screen.mimeType, thumbnail: thumbnail.mimeType },
  };
}

async function ingestStream(rest: Readable, type: AcceptedType, options: IngestOptions): Promise<IngestedMedia> {
  const maxBytes = maxBytesFor(type.kind, options.limits);
  const quotaBinds = options.remainingQuotaBytes < maxBytes;
  const limit = quotaBinds ? options.remainingQuotaBytes : maxBytes;
  const limiter = new ByteLimit(limit, () =>
    quotaBinds
      ? new MediaError('MEDIA_QUOTA_EXCEEDED', `upload exceeds the ${limit} bytes left in the quota`)
      : new MediaError('MEDIA_TOO_LARGE', `${type.kind} larger than ${limit} bytes`),
  );
  // pipeline() destroys both on error, so storage sees the limiter's error and discards the object.
  const body = pipeline(rest, limiter, () => undefined);
  const key = `${newMediaKeyBase(options.keyPrefix)}.${type.extension}`;
  const { bytes } = await options.storage.put(key, body, { contentType: type.mimeType });
  return {
    kind: type.kind,
    mimeType: type.mimeType,
    extension: type.extension,
    bytes,
    storedBytes: bytes,
    width: null,
    height: null,
    keys: { original: key, screen: null, thumbnail: null },
    renditionMimeTypes: { screen: null, thumbnail: null },
  };
}

/**
 * Checks an upload's real type from its first bytes, then stores it: photos re-encoded without
 * metadata plus a screen rendition and a thumbnail; video, audio and PDF streamed as they are.
 * On any failure nothing remains in storage and the promise rejects with a {@link MediaError}
 * (`MEDIA_UPLOAD_INTERRUPTED` when `input` itself errors, `MEDIA_STORAGE_FAILED` when storage does).
 * After a rejection `input` has been destroyed.
 */
export async function ingestMedia(input: Readable, options: IngestOptions): Promise<IngestedMedia> {
  let inputError: unknown;
  const onInputError = (error: unknown) => {
    inputError ??= error;
  };
  input.on('error', onInputError);
  try {
    assertValidKey(options.keyPrefix);
    if (options.remainingQuotaBytes <= 0) throw new MediaError('MEDIA_QUOTA_EXCEEDED', 'no quota left');
    const { head, rest } = await peekHead(input, SNIFF_BYTES);
    if (head.length === 0) throw new MediaError('MEDIA_EMPTY', 'the file is empty');
    const type = classify(await fileTypeFromBuffer(head), options.declaredMimeType, options.accept);
    try {
      return type.kind === 'photo' ? await ingestPhoto(rest, type, options) : await ingestStream(rest, type, options);
    } finally {
      rest.destroy();
    }
  } catch (error) {
    // Stop reading: a refused upload must not be buffered or stored any further.
    if (!input.destroyed) input.destroy();
    if (error instanceof MediaError) throw error;
    if (inputError !== undefined) throw new MediaError('MEDIA_UPLOAD_INTERRUPTED', 'the upload stream failed', { cause: inputError });
    throw new MediaError('MEDIA_STORAGE_FAILED', `storing the media failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  // onInputError stays attached: an input destroyed with an error later must not crash the process.
}

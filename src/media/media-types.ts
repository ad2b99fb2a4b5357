import type { FileTypeResult } from 'file-type';
import { MediaError } from './errors.js';

/** What an uploaded file is, after sniffing its bytes. */
export type MediaKind = 'photo' | 'video' | 'audio' | 'document';

/** A sniffed, accepted type: the MIME type we store and serve, and the extension we name it by. */
export interface AcceptedType {
  readonly kind: MediaKind;
  readonly mimeType: string;
  readonly extension: string;
  /** HEIC/HEIF: accepted as a photo only if sharp's libvips can decode it. */
  readonly heif: boolean;
}

// file-type MIME → what we store. Anything absent (SVG, executables, archives, HTML …) is refused.
const ACCEPTED: Readonly<Record<string, Omit<AcceptedType, 'heif'>>> = {
  'image/jpeg': { kind: 'photo', mimeType: 'image/jpeg', extension: 'jpg' },
  'image/png': { kind: 'photo', mimeType: 'image/png', extension: 'png' },
  'image/webp': { kind: 'photo', mimeType: 'image/webp', extension: 'webp' },
  'image/avif': { kind: 'photo', mimeType: 'image/avif', extension: 'avif' },
  'image/heic': { kind: 'photo', mimeType: 'image/heic', extension: 'heic' },
  'image/heif': { kind: 'photo', mimeType: 'image/heif', extension: 'heif' },
  'image/heic-sequence': { kind: 'photo', mimeType: 'image/heic', extension: 'heic' },
  'image/heif-sequence': { kind: 'photo', mimeType: 'image/heif', extension: 'heif' },
  'video/mp4': { kind: 'video', mimeType: 'video/mp4', extension: 'mp4' },
  'video/x-m4v': { kind: 'video', mimeType: 'video/mp4', extension: 'mp4' },
  'video/quicktime': { kind: 'video', mimeType: 'video/quicktime', extension: 'mov' },
  'video/webm': { kind: 'video', mimeType: 'video/webm', extension: 'webm' },
  'audio/mpeg': { kind: 'audio', mimeType: 'audio/mpeg', extension: 'mp3' },
  'audio/x-m4a': { kind: 'audio', mimeType: 'audio/mp4', extension: 'm4a' },
  'audio/mp4': { kind: 'audio', mimeType: 'audio/mp4', extension: 'm4a' },
  'audio/aac': { kind: 'audio', mimeType: 'audio/aac', extension: 'aac' },
  'audio/ogg': { kind: 'audio', mimeType: 'audio/ogg', extension: 'ogg' },
  'audio/ogg; codecs=opus': { kind: 'audio', mimeType: 'audio/ogg', extension: 'opus' },
  'audio/opus': { kind: 'audio', mimeType: 'audio/ogg', extension: 'opus' },
  'audio/wav': { kind: 'audio', mimeType: 'audio/wav', extension: 'wav' },
  'audio/x-wav': { kind: 'audio', mimeType: 'audio/wav', extension: 'wav' },
  'audio/webm': { kind: 'audio', mimeType: 'audio/webm', extension: 'weba' },
  'application/pdf': { kind: 'document', mimeType: 'application/pdf', extension: 'pdf' },
};

const MIME_BY_EXTENSION: ReadonlyMap<string, string> = new Map(Object.values(ACCEPTED).map((type) => [type.extension, type.mimeType]));

/**
 * The type of an object stored by ingestMedia, from its key's extension (which ingestMedia chose,
 * never the user): for renditions, whose type (JPEG or WebP) is not recorded elsewhere.
 */
export function storedMimeTypeOfKey(key: string): string | undefined {
  const extension = /\.([a-z0-9]+)$/.exec(key)?.[1];
  return extension ? MIME_BY_EXTENSION.get(extension) : undefined;
}

function kindDeclaredBy(mimeType: string | undefined): MediaKind | undefined {
  const essence = mimeType?.split(';')[0]?.trim().toLowerCase();
  if (!essence) return undefined;
  if (essence === 'application/pdf') return 'document';
  if (essence.startsWith('image/')) return 'photo';
  if (essence.startsWith('video/')) return 'video';
  if (essence.startsWith('audio/')) return 'audio';
  // application/octet-stream and the like: the browser did not know, nothing was declared.
  return undefined;
}

/**
 * Decides what the sniffed bytes are and whether they may be stored here.
 * MP4 and WebM carry sound alone as well as video: the declared type picks between the two
 * (a voice note recorded by MediaRecorder is `audio/webm`), never between containers.
 * @param declaredMimeType the client's `Content-Type` for the file, if any (a hint only)
 * @param accept the kinds this field takes (default: all)
 */
export function classify(sniffed: FileTypeResult | undefined, declaredMimeType: string | undefined, accept?: readonly MediaKind[]): AcceptedType {
  const found = sniffed ? ACCEPTED[sniffed.mime] : undefined;
  if (!found) throw new MediaError('MEDIA_TYPE_UNSUPPORTED', `unsupported type ${sniffed?.mime ?? 'unknown'}`);
  let type: AcceptedType = { ...found, heif: found.extension === 'heic' || found.extension === 'heif' };
  const declared = kindDeclaredBy(declaredMimeType);
  if (declared === 'audio' && type.kind === 'video' && (type.mimeType === 'video/webm' || type.mimeType === 'video/mp4')) {
    type = type.mimeType === 'video/webm'
      ? { kind: 'audio', mimeType: 'audio/webm', extension: 'weba', heif: false }
      : { kind: 'audio', mimeType: 'audio/mp4', extension: 'm4a', heif: false };
  }
  if (declared === 'video' && type.kind === 'audio' && type.mimeType === 'audio/mp4') {
    type = { kind: 'video', mimeType: 'video/mp4', extension: 'mp4', heif: false };
  }
  if (declared !== undefined && declared !== type.kind) {
    throw new MediaError('MEDIA_TYPE_MISMATCH', `declared ${declaredMimeType}, found ${sniffed?.mime}`);
  }
  if (accept && !accept.includes(type.kind)) {
    throw new MediaError('MEDIA_TYPE_MISMATCH', `${type.kind} not accepted here (${accept.join(', ')})`);
  }
  return type;
}

/**
 * Stable error codes of the media pipeline, with their HTTP status. The router maps a code to a
 * translated message (`errors.<CODE>`); `message` is English developer text and never shown.
 */
export const MEDIA_ERROR_STATUS = {
  /** The bytes are none of the accepted photo, video, audio or PDF formats (SVG included). */
  MEDIA_TYPE_UNSUPPORTED: 415,
  /** The bytes are an accepted type, but not the one declared or allowed for this field. */
  MEDIA_TYPE_MISMATCH: 415,
  MEDIA_EMPTY: 400,
  MEDIA_TOO_LARGE: 413,
  MEDIA_PIXEL_FLOOD: 413,
  MEDIA_CORRUPT: 422,
  MEDIA_HEIC_UNSUPPORTED: 415,
  MEDIA_UPLOAD_INTERRUPTED: 400,
  MEDIA_QUOTA_EXCEEDED: 413,
  MEDIA_TOO_MANY_FILES: 413,
  MEDIA_TOO_MANY_FIELDS: 413,
  MEDIA_FIELD_TOO_LARGE: 413,
  /** Not a multipart/form-data request, or a malformed one. */
  MEDIA_FORM_INVALID: 400,
  /** A storage key that fails validation (traversal, bad characters): a programming error. */
  MEDIA_KEY_INVALID: 400,
  MEDIA_NOT_FOUND: 404,
  /** The storage backend failed (disk full, S3 unreachable). */
  MEDIA_STORAGE_FAILED: 503,
} as const;

export type MediaErrorCode = keyof typeof MEDIA_ERROR_STATUS;

/** A refused or failed media operation; `code` is stable, `httpStatus` is what to answer. */
export class MediaError extends Error {
  readonly code: MediaErrorCode;
  readonly httpStatus: number;

  constructor(code: MediaErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MediaError';
    this.code = code;
    this.httpStatus = MEDIA_ERROR_STATUS[code];
  }
}

/** Whether `error` is a MediaError, optionally with the given code. */
export function isMediaError(error: unknown, code?: MediaErrorCode): error is MediaError {
  return error instanceof MediaError && (code === undefined || error.code === code);
}

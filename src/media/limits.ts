/** Size and count limits of the media pipeline; every byte figure is a count of bytes. */
export interface MediaLimits {
  /** Largest photo upload. Photos are buffered (sharp needs random access), so keep it modest. */
  readonly maxPhotoBytes: number;
  readonly maxVideoBytes: number;
  readonly maxAudioBytes: number;
  readonly maxDocumentBytes: number;
  /** Largest decoded photo, width × height: refuses decompression bombs before decoding. */
  readonly maxInputPixels: number;
  /** Files per multipart request. */
  readonly maxFilesPerRequest: number;
}

const MB = 1024 * 1024;

/** Defaults sized for a school: phone photos, a few minutes of phone video, voice notes. */
export const DEFAULT_MEDIA_LIMITS: MediaLimits = {
  maxPhotoBytes: 25 * MB,
  maxVideoBytes: 300 * MB,
  maxAudioBytes: 50 * MB,
  maxDocumentBytes: 20 * MB,
  maxInputPixels: 50_000_000,
  maxFilesPerRequest: 10,
};

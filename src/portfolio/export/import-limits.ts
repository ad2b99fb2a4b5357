const MB = 1024 * 1024;

/** What an imported archive may weigh and hold; anything beyond is refused before it is read. */
export interface ImportLimits {
  /** The uploaded ZIP itself. */
  readonly maxArchiveBytes: number;
  /** Files listed in the ZIP, whatever they are. */
  readonly maxZipEntries: number;
  /** Sum of the sizes the ZIP declares once unpacked (yauzl holds every entry to its declared size). */
  readonly maxUnpackedBytes: number;
  /** `portfolio.json`, read whole to be parsed. */
  readonly maxJsonBytes: number;
}

/**
 * Years of a child's portfolio fit well within these; a ZIP bomb (a few KB unpacking to
 * gigabytes) or a million tiny entries does not.
 */
export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxArchiveBytes: 2048 * MB,
  maxZipEntries: 20_000,
  maxUnpackedBytes: 4096 * MB,
  maxJsonBytes: 16 * MB,
};

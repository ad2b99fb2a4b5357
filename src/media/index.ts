/** The media module's public API: storage, ingestion, multipart upload, serving. */
export { MediaError, MEDIA_ERROR_STATUS, isMediaError, type MediaErrorCode } from './errors.js';
export { DEFAULT_MEDIA_LIMITS, type MediaLimits } from './limits.js';
export { assertValidKey, type ByteRange, type ListableMediaStorage, type ListedObject, type MediaStorage } from './storage.js';
export { DiskMediaStorage } from './disk-storage.js';
export { S3MediaStorage, type S3MediaStorageOptions } from './s3-storage.js';
export { storageFromOptions, type MediaStorageOptions } from './storage-from-config.js';
export { ingestMedia, type IngestedMedia, type IngestOptions, type MediaKind } from './ingest.js';
export { deleteStoredFiles } from './delete-stored-files.js';
export { receiveMultipartMedia, type MultipartMediaOptions, type ReceivedForm, type ReceivedMedia } from './multipart.js';
export { sendStoredMedia, type SendStoredMediaOptions } from './send-stored-media.js';
export { contentDisposition } from './content-disposition.js';
export { storedMimeTypeOfKey } from './media-types.js';
export { RENDITIONS, sendRendition, type Rendition, type StoredItem } from './send-rendition.js';
export { storedColumns, type StoredColumns } from './stored-columns.js';
export { ORPHAN_GRACE_MS, ORPHAN_SWEEP_INTERVAL_MS, sweepOrphanMedia, type OrphanSweepResult } from './orphan-sweep.js';

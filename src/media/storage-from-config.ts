import { DiskMediaStorage } from './disk-storage.js';
import { S3MediaStorage, type S3MediaStorageOptions } from './s3-storage.js';
import type { ListableMediaStorage } from './storage.js';

/** Which storage to build: plain options, filled from `ECARNET_MEDIA_*` / `ECARNET_S3_*` by config. */
export type MediaStorageOptions =
  | { readonly kind: 'disk'; readonly root: string }
  | ({ readonly kind: 's3' } & S3MediaStorageOptions);

/** Builds the configured storage; the caller owns its lifetime. */
export function storageFromOptions(options: MediaStorageOptions): ListableMediaStorage {
  if (options.kind === 'disk') return new DiskMediaStorage(options.root);
  return new S3MediaStorage(options);
}

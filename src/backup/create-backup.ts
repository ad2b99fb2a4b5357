import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DatabaseTarget } from '../config/database-url.js';
import type { MediaStorageOptions } from '../media/storage-from-config.js';
import { BackupRefused } from './backup-refused.js';
import { snapshotDatabase, snapshotFileName } from './database-file.js';
import { writeManifest, type BackupManifest } from './manifest.js';
import { copyMediaFolder, hashFile } from './media-copy.js';
import { schemaVersionOf } from './schema-version.js';

/** What is backed up: the configured database and media store. */
export interface BackupSources {
  readonly database: DatabaseTarget;
  readonly media: MediaStorageOptions;
}

/** A finished backup, with how long each half took. */
export interface CreatedBackup {
  readonly folder: string;
  readonly manifest: BackupManifest;
  readonly databaseMs: number;
  readonly mediaMs: number;
}

/** The media folder's name inside a backup. */
export const BACKUP_MEDIA_FOLDER = 'media';

async function isMissingOrEmpty(folder: string): Promise<boolean> {
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.length === 0;
}

/**
 * Backs up the database and the media into `folder`, while the server keeps serving.
 *
 * The database snapshot comes first, the media after. Stored media are written once and never
 * changed in place, and a row is always deleted before its files (a file without a row is only
 * wasted space; a row without its file is a broken page). So every file the snapshot references
 * is still on disk when the copy reaches it, unless someone deleted it in between; such keys are
 * listed in the manifest as missing. Files uploaded after the snapshot are copied too: unreferenced,
 * they cost space, never correctness. The other order would miss every upload made during the copy.
 *
 * The work happens in `<folder>.partial`, renamed at the end, and the manifest is written last:
 * an interrupted backup never looks like a finished one.
 */
export async function createBackup(sources: BackupSources, folder: string): Promise<CreatedBackup> {
  const target = path.resolve(folder);
  if (!(await isMissingOrEmpty(target))) throw new BackupRefused(`${target} already exists and is not empty: choose another folder`);
  const partial = `${target}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  try {
    const snapshotAt = new Date();
    const started = performance.now();
    const databaseFile = snapshotFileName(sources.database.kind);
    const facts = await snapshotDatabase(sources.database, path.join(partial, databaseFile));
    const schema = schemaVersionOf(facts.migrations);
    const databaseHash = await hashFile(path.join(partial, databaseFile));
    if (!databaseHash) throw new Error('the database snapshot was not written');
    const mediaStarted = performance.now();

    let media: BackupManifest['media'];
    if (sources.media.kind === 'disk') {
      const files = await copyMediaFolder(sources.media.root, path.join(partial, BACKUP_MEDIA_FOLDER));
      const copied = new Set(files.map((file) => file.key));
      media = { storage: 'disk', files, referencedKeys: facts.referencedKeys, missingKeys: facts.referencedKeys.filter((key) => !copied.has(key)) };
    } else {
      // The bucket keeps its own history (versioning, replication); the backup says what it must hold.
      media = { storage: 's3', files: [], referencedKeys: facts.referencedKeys, missingKeys: [] };
    }
    const completedAt = new Date();
    const finished = performance.now();
    const manifest: BackupManifest = {
      format: 'e-carnet-backup',
      formatVersion: 1,
      engine: sources.database.kind,
      snapshotAt: snapshotAt.toISOString(),
      completedAt: completedAt.toISOString(),
      schema,
      database: { file: databaseFile, ...databaseHash },
      tables: facts.tables,
      media,
    };
    await writeManifest(partial, manifest);
    await rm(target, { recursive: true, force: true });
    await mkdir(path.dirname(target), { recursive: true });
    await rename(partial, target);
    return {
      folder: target,
      manifest,
      databaseMs: Math.round(mediaStarted - started),
      mediaMs: Math.round(finished - mediaStarted),
    };
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}

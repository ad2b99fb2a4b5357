import { stat } from 'node:fs/promises';
import path from 'node:path';
import { storageFromOptions } from '../media/storage-from-config.js';
import { BACKUP_MEDIA_FOLDER, type BackupSources } from './create-backup.js';
import { BackupRefused } from './backup-refused.js';
import { loadSnapshot, targetTableCounts, targetTables } from './database-file.js';
import { CorruptManifestError, readManifest, type BackupManifest } from './manifest.js';
import { emptyMediaFolder, hashFile, listMediaKeys, mediaFileProblems, restoreMediaFiles } from './media-copy.js';
import { codeMigrations, newerSchemaProblem } from './schema-version.js';

/** What a restore did and found when it checked its work against the manifest. */
export interface RestoreReport {
  readonly manifest: BackupManifest;
  readonly tables: number;
  readonly rows: number;
  readonly mediaFiles: number;
  readonly mediaBytes: number;
  /** Differences between the restored data and the manifest; empty when the restore is proven. */
  readonly problems: string[];
  /** Referenced keys the backup itself recorded as missing (deleted between snapshot and copy). */
  readonly knownMissingKeys: string[];
  /** True when the restored schema is older than the code: run `migrate` before serving. */
  readonly schemaBehind: boolean;
  readonly databaseMs: number;
  readonly mediaMs: number;
}

/**
 * Everything that can be checked before touching anything: a readable manifest, the same engine,
 * a schema this code knows, a database file with the manifest's bytes, every media file present
 * with its size, and an empty target unless `force`.
 */
async function checkBeforeRestore(folder: string, targets: BackupSources, force: boolean): Promise<BackupManifest> {
  let manifest: BackupManifest;
  try {
    manifest = await readManifest(folder);
  } catch (error) {
    if (error instanceof CorruptManifestError) throw new BackupRefused(`refused: ${error.message}`);
    throw error;
  }
  if (manifest.engine !== targets.database.kind) {
    throw new BackupRefused(`refused: the backup is of a ${manifest.engine} database and DATABASE_URL names a ${targets.database.kind} one`);
  }
  const newer = newerSchemaProblem(manifest.schema);
  if (newer) throw new BackupRefused(`refused: ${newer}`);
  if (manifest.media.storage !== targets.media.kind) {
    throw new BackupRefused(`refused: the backup's media were on ${manifest.media.storage} storage and ECARNET_MEDIA_STORAGE is ${targets.media.kind}`);
  }
  const databaseHash = await hashFile(path.join(folder, manifest.database.file));
  if (!databaseHash || databaseHash.sha256 !== manifest.database.sha256 || databaseHash.bytes !== manifest.database.bytes) {
    throw new BackupRefused(`refused: ${manifest.database.file} is missing or differs from the one the manifest describes (corrupted backup)`);
  }
  for (const file of manifest.media.files) {
    const found = await stat(path.join(folder, BACKUP_MEDIA_FOLDER, ...file.key.split('/'))).catch(() => undefined);
    if (!found?.isFile() || found.size !== file.bytes) throw new BackupRefused(`refused: media file ${file.key} is missing from the backup or has another size (corrupted backup)`);
  }

  const occupied: string[] = [];
  const tables = await targetTables(targets.database);
  if (tables.length > 0) occupied.push(`the database holds ${tables.length} table(s)`);
  if (targets.media.kind === 'disk') {
    const files = await listMediaKeys(targets.media.root);
    if (files.length > 0) occupied.push(`the media folder ${targets.media.root} holds ${files.length} file(s)`);
  }
  if (occupied.length > 0 && !force) {
    throw new BackupRefused(`refused: ${occupied.join(' and ')}; a restore replaces everything there. Add --force to replace it.`);
  }
  return manifest;
}

/** Compares the restored tables with the manifest's counts. */
async function tableProblems(targets: BackupSources, manifest: BackupManifest): Promise<string[]> {
  const counts = await targetTableCounts(targets.database, Object.keys(manifest.tables));
  const problems: string[] = [];
  for (const [table, expected] of Object.entries(manifest.tables)) {
    const found = counts[table];
    if (found === null || found === undefined) problems.push(`table ${table}: missing after the restore`);
    else if (found !== expected) problems.push(`table ${table}: ${found} rows, the backup has ${expected}`);
  }
  return problems;
}

/** Referenced keys absent from the store after the restore (other than those the backup already knew missing). */
async function referenceProblems(targets: BackupSources, manifest: BackupManifest): Promise<string[]> {
  const knownMissing = new Set(manifest.media.missingKeys);
  const expected = manifest.media.referencedKeys.filter((key) => !knownMissing.has(key));
  const problems: string[] = [];
  if (targets.media.kind === 'disk') {
    const present = new Set(await listMediaKeys(targets.media.root));
    for (const key of expected) if (!present.has(key)) problems.push(`media ${key}: referenced by a row, absent from ${targets.media.root}`);
    return problems;
  }
  const storage = storageFromOptions(targets.media);
  for (const key of expected) if (!(await storage.stat(key))) problems.push(`media ${key}: referenced by a row, absent from the bucket`);
  return problems;
}

/**
 * Restores a backup folder into the configured database and media store (the server stopped),
 * then proves it: every table's row count and every media file's bytes are checked against the
 * manifest, and every stored key a row references is looked for in the store.
 */
export async function restoreBackup(folder: string, targets: BackupSources, options: { force: boolean }): Promise<RestoreReport> {
  const source = path.resolve(folder);
  const manifest = await checkBeforeRestore(source, targets, options.force);

  const started = performance.now();
  await loadSnapshot(targets.database, path.join(source, manifest.database.file));
  const mediaStarted = performance.now();
  if (targets.media.kind === 'disk') {
    await emptyMediaFolder(targets.media.root);
    await restoreMediaFiles(path.join(source, BACKUP_MEDIA_FOLDER), targets.media.root, manifest.media.files);
  }
  const finished = performance.now();

  const problems = [
    ...(await tableProblems(targets, manifest)),
    ...(targets.media.kind === 'disk' ? await mediaFileProblems(targets.media.root, manifest.media.files) : []),
    ...(await referenceProblems(targets, manifest)),
  ];
  return {
    manifest,
    tables: Object.keys(manifest.tables).length,
    rows: Object.values(manifest.tables).reduce((sum, rows) => sum + rows, 0),
    mediaFiles: manifest.media.files.length,
    mediaBytes: manifest.media.files.reduce((sum, file) => sum + file.bytes, 0),
    problems,
    knownMissingKeys: manifest.media.missingKeys,
    schemaBehind: manifest.schema.lastMigration !== codeMigrations().at(-1),
    databaseMs: Math.round(mediaStarted - started),
    mediaMs: Math.round(finished - mediaStarted),
  };
}

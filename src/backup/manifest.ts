import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** The manifest's file name inside a backup folder. */
const MANIFEST_FILE = 'manifest.json';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex');
const count = z.number().int().min(0);

/** One file of the media copy: its storage key (a relative `/` path), size and SHA-256. */
const mediaFileSchema = z.object({ key: z.string().min(1), bytes: count, sha256: sha256Hex }).strict();

/**
 * What a backup holds, written last so that a folder without it is an unfinished backup. Restore
 * reads it before touching anything: a manifest that does not parse against this schema is
 * refused as corrupted.
 */
const manifestSchema = z
  .object({
    format: z.literal('e-carnet-backup'),
    formatVersion: z.literal(1),
    engine: z.enum(['sqlite', 'mysql']),
    /** When the database snapshot was taken: the instant the backup stands for. */
    snapshotAt: z.iso.datetime(),
    completedAt: z.iso.datetime(),
    /** The last applied migration (the schema version) and every applied one, oldest first. */
    schema: z.object({ lastMigration: z.string().min(1), timestamp: count, migrations: z.array(z.string().min(1)).min(1) }).strict(),
    database: z.object({ file: z.enum(['database.sqlite', 'database.sql']), bytes: count, sha256: sha256Hex }).strict(),
    /** Rows per table in the snapshot. */
    tables: z.record(z.string().min(1), count),
    media: z
      .object({
        storage: z.enum(['disk', 's3']),
        /** Copied files (disk storage only; empty for S3, whose bucket is kept by the store itself). */
        files: z.array(mediaFileSchema),
        /** Every storage key the snapshot's rows reference. */
        referencedKeys: z.array(z.string().min(1)),
        /** Referenced keys with no file in the copy (deleted between the snapshot and the copy). */
        missingKeys: z.array(z.string().min(1)),
      })
      .strict(),
  })
  .strict();

export type BackupManifest = z.infer<typeof manifestSchema>;
export type BackupMediaFile = z.infer<typeof mediaFileSchema>;

/** A manifest that cannot be trusted: missing, not JSON, or not of this format. */
export class CorruptManifestError extends Error {}

/** Reads and checks a backup folder's manifest; throws {@link CorruptManifestError} when it is unusable. */
export async function readManifest(folder: string): Promise<BackupManifest> {
  const file = path.join(folder, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CorruptManifestError(`${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): not a complete backup folder`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CorruptManifestError(`${file} is not valid JSON (${(error as Error).message})`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new CorruptManifestError(`${file} is not an e-carnet backup manifest: ${problems.slice(0, 5).join('; ')}`);
  }
  return parsed.data;
}

/** Writes the manifest (pretty-printed: operators read it). */
export async function writeManifest(folder: string, manifest: BackupManifest): Promise<void> {
  await writeFile(path.join(folder, MANIFEST_FILE), JSON.stringify(manifestSchema.parse(manifest), null, 2) + '\n');
}

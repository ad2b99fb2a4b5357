import path from 'node:path';
import type { Config } from '../config/schema.js';
import { createBackup, type BackupSources } from './create-backup.js';
import { BackupRefused } from './backup-refused.js';
import { restoreBackup } from './restore-backup.js';

/** The commands this module adds to the command line. */
const BACKUP_COMMANDS = ['backup', 'restore'] as const;

/** Lines for the command line's usage text. */
export const BACKUP_USAGE =
  '  backup          [folder] back up the database and media while the server runs (default: <data dir>/backups/<time>)\n' +
  '  restore         <folder> [--force] restore a backup (into an empty database unless --force), then verify it\n';

/** Where a backup goes when no folder is named: the data folder, one sub-folder per instant. */
function defaultFolder(config: Config, now: Date): string {
  return path.join(config.dataDir, 'backups', `e-carnet-${now.toISOString().replace(/[:.]/g, '-')}`);
}

function sourcesOf(config: Config): BackupSources {
  return { database: config.database, media: config.media.storage };
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

async function backup(config: Config, args: readonly string[], out: NodeJS.WritableStream): Promise<number> {
  const folder = args[0] ?? defaultFolder(config, new Date());
  const created = await createBackup(sourcesOf(config), folder);
  const { manifest } = created;
  const rows = Object.values(manifest.tables).reduce((sum, count) => sum + count, 0);
  const mediaBytes = manifest.media.files.reduce((sum, file) => sum + file.bytes, 0);
  out.write(
    `backup written to ${created.folder}\n` +
      `  ${manifest.engine} snapshot at ${manifest.snapshotAt}, schema ${manifest.schema.lastMigration}: ` +
      `${Object.keys(manifest.tables).length} tables, ${rows} rows (${created.databaseMs} ms)\n` +
      (manifest.media.storage === 'disk'
        ? `  media: ${manifest.media.files.length} files, ${megabytes(mediaBytes)} (${created.mediaMs} ms)\n`
        : `  media: on S3, kept by the bucket's own versioning/replication; ${manifest.media.referencedKeys.length} referenced keys recorded\n`) +
      (manifest.media.missingKeys.length > 0
        ? `  warning: ${manifest.media.missingKeys.length} referenced media file(s) were deleted between the snapshot and the copy\n`
        : ''),
  );
  return 0;
}

async function restore(config: Config, args: readonly string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const force = args.includes('--force');
  const folders = args.filter((arg) => arg !== '--force');
  if (folders.length !== 1 || folders[0]!.startsWith('-')) {
    err.write('usage: e-carnet restore <backup folder> [--force]\n');
    return 2;
  }
  const report = await restoreBackup(folders[0]!, sourcesOf(config), { force });
  const { manifest } = report;
  out.write(
    `restored ${manifest.engine} snapshot of ${manifest.snapshotAt} (schema ${manifest.schema.lastMigration})\n` +
      `  database: ${report.tables} tables, ${report.rows} rows (${report.databaseMs} ms)\n` +
      (manifest.media.storage === 'disk'
        ? `  media: ${report.mediaFiles} files, ${megabytes(report.mediaBytes)} (${report.mediaMs} ms)\n`
        : `  media: on S3; ${manifest.media.referencedKeys.length} referenced keys looked for in the bucket\n`) +
      (report.knownMissingKeys.length > 0 ? `  warning: the backup already lacked ${report.knownMissingKeys.length} referenced media file(s)\n` : '') +
      (report.schemaBehind ? '  the schema is older than this code: run `npm run migrate` before starting the server\n' : ''),
  );
  if (report.problems.length > 0) {
    err.write(`restore verification FAILED: ${report.problems.length} difference(s) with the manifest\n` + report.problems.map((problem) => `  - ${problem}\n`).join(''));
    return 1;
  }
  out.write('verified: every table has its row count and every media file its bytes, as the manifest says\n');
  return 0;
}

/**
 * Runs `backup` or `restore`. Refusals (a corrupted backup, a newer schema, a non-empty target
 * without --force) are printed and exit with 1, before anything was touched; so do failures (a
 * client missing, a server unreachable), with their reason.
 */
export async function runBackupCommand(
  command: (typeof BACKUP_COMMANDS)[number],
  args: readonly string[],
  config: Config,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  try {
    return command === 'backup' ? await backup(config, args, out) : await restore(config, args, out, err);
  } catch (error) {
    // An operator reads these: the reason is what helps, not a stack trace.
    err.write(error instanceof BackupRefused ? `${command}: ${error.message}\n` : `${command} failed: ${(error as Error).message}\n`);
    return 1;
  }
}

/** True for the commands of this module. */
export function isBackupCommand(command: string): command is (typeof BACKUP_COMMANDS)[number] {
  return (BACKUP_COMMANDS as readonly string[]).includes(command);
}

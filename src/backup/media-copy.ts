import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { BackupMediaFile } from './manifest.js';

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/**
 * Every stored object under a disk storage root, as storage keys (`/`-separated relative paths).
 * Hidden names are left out: the store writes its half-written files under `.tmp`, and no key
 * starts with a dot.
 */
export async function listMediaKeys(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch((error: unknown) => {
    if (errorCode(error) === 'ENOENT') return [];
    throw error;
  });
  const keys: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const key = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    if (key.split('/').some((segment) => segment.startsWith('.'))) continue;
    keys.push(key);
  }
  return keys.sort();
}

/** Copies one file, returning its size and SHA-256 as read. */
async function copyHashing(from: string, to: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  await mkdir(path.dirname(to), { recursive: true });
  await pipeline(
    createReadStream(from),
    async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        hash.update(chunk);
        bytes += chunk.length;
        yield chunk;
      }
    },
    createWriteStream(to, { flags: 'wx' }),
  );
  return { bytes, sha256: hash.digest('hex') };
}

/** The size and SHA-256 of a file, or undefined when there is none. */
export async function hashFile(file: string): Promise<{ bytes: number; sha256: string } | undefined> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
    }
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'EISDIR') return undefined;
    throw error;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/**
 * Copies every stored object of a disk store into `destination`. Objects are written once and
 * never changed in place, so a file is either copied whole or, when deleted while the copy runs,
 * skipped.
 */
export async function copyMediaFolder(root: string, destination: string): Promise<BackupMediaFile[]> {
  const files: BackupMediaFile[] = [];
  await mkdir(destination, { recursive: true });
  for (const key of await listMediaKeys(root)) {
    try {
      const copied = await copyHashing(path.join(root, ...key.split('/')), path.join(destination, ...key.split('/')));
      files.push({ key, ...copied });
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
      await rm(path.join(destination, ...key.split('/')), { force: true });
    }
  }
  return files;
}

/** Copies the files a manifest lists from a backup's media folder into a disk storage root. */
export async function restoreMediaFiles(backupMedia: string, root: string, files: readonly BackupMediaFile[]): Promise<void> {
  await mkdir(root, { recursive: true });
  for (const file of files) {
    const parts = file.key.split('/');
    await copyHashing(path.join(backupMedia, ...parts), path.join(root, ...parts));
  }
}

/** Empties a disk storage root (a forced restore replaces the media as it replaces the tables). */
export async function emptyMediaFolder(root: string): Promise<void> {
  const names = await readdir(root).catch(() => [] as string[]);
  for (const name of names) await rm(path.join(root, name), { recursive: true, force: true });
}

/** What differs between the files under `root` and those a manifest lists: missing, other size, other bytes. */
export async function mediaFileProblems(root: string, files: readonly BackupMediaFile[]): Promise<string[]> {
  const problems: string[] = [];
  for (const file of files) {
    const found = await hashFile(path.join(root, ...file.key.split('/')));
    if (!found) problems.push(`media ${file.key}: missing`);
    else if (found.bytes !== file.bytes) problems.push(`media ${file.key}: ${found.bytes} bytes, the backup has ${file.bytes}`);
    else if (found.sha256 !== file.sha256) problems.push(`media ${file.key}: its bytes differ from the backup's`);
  }
  return problems;
}

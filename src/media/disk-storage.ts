import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rmdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MediaError } from './errors.js';
import { assertValidKey, type ByteRange, type ListableMediaStorage, type ListedObject } from './storage.js';
import { featureMetrics } from '../metrics/metrics.js';

const TEMP_FOLDER = '.tmp';

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/**
 * Media on local disk under one root folder. Writes go to `<root>/.tmp/<uuid>` and are renamed
 * into place once complete (and flushed), so a reader never sees half an object and a crash
 * leaves only temp files, which {@link DiskMediaStorage.removeStaleTempFiles} can sweep.
 */
export class DiskMediaStorage implements ListableMediaStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathOf(key: string): string {
    assertValidKey(key);
    // The pattern already forbids traversal; this is a second, independent check.
    const resolved = path.resolve(this.root, key);
    if (!resolved.startsWith(this.root + path.sep)) throw new MediaError('MEDIA_KEY_INVALID', 'key escapes the storage root');
    return resolved;
  }

  async put(key: string, body: Readable, _options: { contentType: string }): Promise<{ bytes: number }> {
    const target = this.pathOf(key);
    const tempFolder = path.join(this.root, TEMP_FOLDER);
    await mkdir(tempFolder, { recursive: true });
    const temp = path.join(tempFolder, randomUUID());
    const file = createWriteStream(temp, { flags: 'wx', flush: true });
    try {
      await pipeline(body, file);
      await this.moveIntoPlace(temp, target);
      featureMetrics.mediaBytesStored.inc(file.bytesWritten);
      return { bytes: file.bytesWritten };
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  private async moveIntoPlace(temp: string, target: string): Promise<void> {
    // A concurrent delete() may remove the (then empty) parent between mkdir and rename: retry once.
    for (let attempt = 0; ; attempt += 1) {
      await mkdir(path.dirname(target), { recursive: true });
      try {
        await rename(temp, target);
        return;
      } catch (error) {
        if (errorCode(error) !== 'ENOENT' || attempt > 0) throw error;
      }
    }
  }

  async open(key: string, range?: ByteRange): Promise<Readable> {
    const file = this.pathOf(key);
    // Opening first turns a missing file into a rejection rather than a later stream error.
    const handle = await open(file, 'r').catch((error: unknown) => {
      if (errorCode(error) === 'ENOENT') throw new MediaError('MEDIA_NOT_FOUND', `no object at ${key}`);
      throw error;
    });
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async stat(key: string): Promise<{ bytes: number } | undefined> {
    const file = this.pathOf(key);
    try {
      const info = await stat(file);
      return info.isFile() ? { bytes: info.size } : undefined;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    try {
      await unlink(file);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
    await this.removeEmptyParents(path.dirname(file));
  }

  /** Keys are random ids in per-entry folders: remove folders left empty, up to the root. */
  private async removeEmptyParents(folder: string): Promise<void> {
    let current = folder;
    while (current.startsWith(this.root + path.sep)) {
      try {
        await rmdir(current);
      } catch {
        return; // not empty (or already gone): stop climbing
      }
      current = path.dirname(current);
    }
  }

  async *list(prefix: string): AsyncIterable<ListedObject> {
    // Walks the folders under the root (temp files under `.tmp` are not objects: skipped).
    const walk = async function* (folder: string, relative: string): AsyncIterable<ListedObject> {
      const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const key = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          // Only folders on the way to the prefix, or inside it.
          if (prefix.startsWith(`${key}/`) || key.startsWith(prefix)) yield* walk(path.join(folder, entry.name), key);
        } else if (entry.isFile() && key.startsWith(prefix)) {
          const info = await stat(path.join(folder, entry.name)).catch(() => undefined);
          if (info) yield { key, lastModified: info.mtime };
        }
      }
    };
    yield* walk(this.root, '');
  }

  /** Deletes temp files older than `olderThanMs` (left by a crash mid-write); run at start. */
  async removeStaleTempFiles(olderThanMs = 60 * 60 * 1000, now = Date.now()): Promise<number> {
    const tempFolder = path.join(this.root, TEMP_FOLDER);
    const names = await readdir(tempFolder).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const file = path.join(tempFolder, name);
      const info = await stat(file).catch(() => undefined);
      if (!info || now - info.mtimeMs < olderThanMs) continue;
      await unlink(file).catch(() => undefined);
      removed += 1;
    }
    return removed;
  }
}

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DiskMediaStorage } from '../../src/media/disk-storage.js';
import { S3MediaStorage } from '../../src/media/s3-storage.js';
import type { ListableMediaStorage } from '../../src/media/storage.js';
import { startS3Server } from '../support/s3-server.js';
import { filesUnder, objectsIn } from './fixtures.js';

/** A storage under test, with a way to see everything it holds (temp files included). */
export interface StorageUnderTest {
  readonly storage: ListableMediaStorage;
  everything(): Promise<string[]>;
  stop(): Promise<void>;
}

/** The two implementations every contract and ingestion test runs against. */
export const BACKENDS: ReadonlyArray<{ name: string; start(): Promise<StorageUnderTest> }> = [
  {
    name: 'disk',
    async start() {
      const root = await mkdtemp(path.join(os.tmpdir(), 'ecarnet-media-'));
      return {
        storage: new DiskMediaStorage(root),
        everything: () => filesUnder(root),
        stop: () => rm(root, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 's3 (s3rver)',
    async start() {
      const server = await startS3Server();
      // The smallest part size S3 allows, so a few MB already take the multipart path.
      const storage = new S3MediaStorage({ ...server, partSize: 5 * 1024 * 1024 });
      return {
        storage,
        everything: () => objectsIn(server),
        async stop() {
          storage.destroy();
          await server.stop();
        },
      };
    },
  },
];

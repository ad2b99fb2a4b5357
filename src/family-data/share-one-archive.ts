import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface Building {
  readonly path: string;
  readonly file: Promise<string>;
  users: number;
}

/** Archives being written or sent, by person: a second request while one runs gets the same file. */
const building = new Map<string, Building>();

/**
 * Runs `use` on the person's archive, written once to a temporary file by `build` (streamed to
 * disk, never held in memory). A request that comes while another is building or sending it
 * waits for that same file instead of writing a second one; the file is removed when the last
 * request is done with it. One process's requests share; each instance of a deployment builds
 * its own, which is harmless (the same data, read twice).
 */
export async function shareOneArchive(personId: string, build: (file: string) => Promise<void>, use: (file: string) => Promise<void>): Promise<{ shared: boolean }> {
  let entry = building.get(personId);
  const shared = entry !== undefined;
  if (!entry) {
    const file = path.join(os.tmpdir(), `e-carnet-family-data-${randomUUID()}.zip`);
    entry = { path: file, file: build(file).then(() => file), users: 0 };
    building.set(personId, entry);
  }
  entry.users += 1;
  try {
    await use(await entry.file);
  } finally {
    entry.users -= 1;
    if (entry.users === 0) {
      building.delete(personId);
      // Also a half-written file, when building failed.
      await entry.file.catch(() => undefined);
      await fs.promises.rm(entry.path, { force: true });
    }
  }
  return { shared };
}

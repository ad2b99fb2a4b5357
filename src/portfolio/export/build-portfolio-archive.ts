import { createHash } from 'node:crypto';
import { PassThrough, pipeline, Readable, Transform } from 'node:stream';
import { ZipFile } from 'yazl';
import type { MediaStorage } from '../../media/index.js';
import type { PortfolioExport } from './collect-portfolio-export.js';
import { renderOfflineIndex } from './offline-index.js';
import { ARCHIVE_FORMAT, ARCHIVE_INDEX_PATH, ARCHIVE_JSON_PATH, ARCHIVE_VERSION, type PortfolioArchive } from './portfolio-archive-format.js';

/** `portfolio.json`, once every medium has been written and hashed. */
function describeArchive(exported: PortfolioExport, hashes: ReadonlyMap<string, string>): PortfolioArchive {
  return {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    exportedAt: exported.exportedAt.toISOString(),
    child: { givenName: exported.pupil.givenName, familyName: exported.pupil.familyName },
    school: { name: exported.school.name, uai: exported.school.uai },
    entries: exported.entries.map((entry) => ({
      id: entry.id,
      audience: entry.audience,
      momentKind: entry.momentKind,
      title: entry.title,
      comment: entry.comment,
      publishedAt: entry.publishedAt.toISOString(),
      familiesSeeAt: entry.familiesSeeAt.toISOString(),
      skills: entry.skills.map(({ cycle, domainCode, domainLabel, label, level }) => ({ cycle, domainCode, domainLabel, label, level })),
      media: entry.media.map((medium) => {
        const sha256 = hashes.get(medium.path);
        if (sha256 === undefined) throw new Error(`${medium.path} was not written`);
        return { path: medium.path, kind: medium.kind, mimeType: medium.mimeType, sha256 };
      }),
      ...(entry.author ? { author: entry.author } : {}),
      ...(entry.school ? { school: entry.school } : {}),
    })),
  };
}

/**
 * Streams a child's portfolio as a ZIP: `index.html` first (unzip tools show it at the top), then
 * each medium read from storage one at a time as the client takes the bytes, then
 * `portfolio.json`, written last because it carries each medium's SHA-256, known only once the
 * medium has gone through. Nothing is held whole in memory but the page and the JSON.
 *
 * If storage fails midway, the returned stream is destroyed with the error: the client sees a
 * cut download (a ZIP without its central directory, which no tool takes for complete). If the
 * client goes away, the stored object being read is closed.
 */
export function streamPortfolioArchive(storage: MediaStorage, exported: PortfolioExport, pageLanguage: string | undefined): Readable {
  const zip = new ZipFile();
  const output = new PassThrough();
  const hashes = new Map<string, string>();
  let reading: Readable | undefined;
  let failed = false;
  const fail = (error: unknown): void => {
    if (failed) return;
    failed = true;
    reading?.destroy();
    output.destroy(error instanceof Error ? error : new Error(String(error)));
  };
  zip.on('error', fail);
  output.on('close', () => reading?.destroy());
  pipeline(zip.outputStream, output, (error) => {
    if (error) fail(error);
  });

  const mtime = exported.exportedAt;
  zip.addBuffer(Buffer.from(renderOfflineIndex(exported, pageLanguage), 'utf8'), ARCHIVE_INDEX_PATH, { mtime });
  for (const entry of exported.entries) {
    for (const medium of entry.media) {
      // Photos, videos and PDFs are compressed already: stored as they are, deflate would only cost CPU.
      zip.addReadStreamLazy(medium.path, { mtime: entry.publishedAt, compress: false }, (give) => {
        storage.open(medium.storageKey).then((source) => {
          reading = source;
          const hash = createHash('sha256');
          const hashing = new Transform({
            transform(chunk: Buffer, _encoding, done) {
              hash.update(chunk);
              done(null, chunk);
            },
            flush(done) {
              hashes.set(medium.path, hash.digest('hex'));
              done();
            },
          });
          pipeline(source, hashing, (error) => {
            if (error) fail(error);
          });
          give(null, hashing);
        }, fail);
      });
    }
  }
  zip.addReadStreamLazy(ARCHIVE_JSON_PATH, { mtime }, (give) => {
    try {
      const json = `${JSON.stringify(describeArchive(exported, hashes), null, 2)}\n`;
      give(null, Readable.from([Buffer.from(json, 'utf8')], { objectMode: false }));
    } catch (error) {
      fail(error);
    }
  });
  zip.end();
  return output;
}

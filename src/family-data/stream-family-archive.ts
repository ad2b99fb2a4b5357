import type { Readable } from 'node:stream';
import { PassThrough, pipeline } from 'node:stream';
import { ZipFile } from 'yazl';
import type { MediaStorage } from '../media/index.js';
import { streamPortfolioArchive } from '../portfolio/export/build-portfolio-archive.js';
import type { FamilyArchivePlan } from './family-data-format.js';
import { renderFamilyIndex } from './family-index.js';

/** Where the archive keeps its description (docs/family-data-format.md). */
export const FAMILY_DATA_JSON_PATH = 'family-data.json';
export const FAMILY_INDEX_PATH = 'index.html';

/**
 * Streams the family's archive as a ZIP: `index.html` (readable), `family-data.json`, each message
 * file read from storage one at a time as the bytes are taken, and each child's portfolio archive
 * (itself a ZIP, streamed by the portfolio export). Nothing is held whole in memory but the page
 * and the JSON. A storage failure destroys the stream: a cut ZIP no tool takes for complete.
 */
export function streamFamilyArchive(storage: MediaStorage, plan: FamilyArchivePlan, pageLanguage: string | undefined): Readable {
  const zip = new ZipFile();
  const output = new PassThrough();
  const reading = new Set<Readable>();
  let failed = false;
  const fail = (error: unknown): void => {
    if (failed) return;
    failed = true;
    for (const source of reading) source.destroy();
    output.destroy(error instanceof Error ? error : new Error(String(error)));
  };
  zip.on('error', fail);
  output.on('close', () => {
    for (const source of reading) source.destroy();
  });
  pipeline(zip.outputStream, output, (error) => {
    if (error) fail(error);
  });
  const mtime = new Date(plan.data.exportedAt);
  zip.addBuffer(Buffer.from(renderFamilyIndex(plan.data, pageLanguage), 'utf8'), FAMILY_INDEX_PATH, { mtime });
  zip.addBuffer(Buffer.from(`${JSON.stringify(plan.data, null, 2)}\n`, 'utf8'), FAMILY_DATA_JSON_PATH, { mtime });
  for (const file of plan.files) {
    zip.addReadStreamLazy(file.path, { mtime, compress: false }, (give) => {
      storage.open(file.storageKey).then((source) => {
        reading.add(source);
        source.once('close', () => reading.delete(source));
        source.once('error', fail);
        give(null, source);
      }, fail);
    });
  }
  for (const portfolio of plan.portfolios) {
    // A ZIP inside the ZIP: the very file the portfolio export gives, which another school imports as it is.
    zip.addReadStreamLazy(portfolio.path, { mtime, compress: false }, (give) => {
      const source = streamPortfolioArchive(storage, portfolio.exported, pageLanguage);
      reading.add(source);
      source.once('close', () => reading.delete(source));
      source.once('error', fail);
      give(null, source);
    });
  }
  zip.end();
  return output;
}

import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { AppError } from '../../http/errors.js';
import { readWhole } from '../../media/read-whole.js';
import type { ImportLimits } from './import-limits.js';
import { ARCHIVE_JSON_PATH, MEDIA_PATH_PATTERN, portfolioArchiveSchema, type PortfolioArchive } from './portfolio-archive-format.js';

/** An archive whose listing and `portfolio.json` have been checked; media are read on demand. */
export interface OpenedArchive {
  readonly manifest: PortfolioArchive;
  /** The bytes of `media/…` as stored in the ZIP, unpacked and held to their declared size. */
  openMedium(path: string): Promise<Readable>;
  close(): void;
}

/** Every refusal of the archive's shape is the same code: the teacher needs no more to act. */
function invalid(cause?: unknown): AppError {
  return new AppError('PORTFOLIO_IMPORT_INVALID', { cause });
}

/**
 * Lists the ZIP and keeps only what an import reads: `portfolio.json` and files matching
 * `media/<n>-<file>`. Refused outright (PORTFOLIO_IMPORT_INVALID): a file that is not a ZIP, too
 * many entries or too many unpacked bytes, any name that is absolute, has a backslash or a `..`
 * segment (zip-slip; yauzl refuses those itself when decoding names, this says it again), a read
 * name listed twice, an encrypted or undecodable read entry.
 */
async function listEntries(zip: ZipFile, limits: ImportLimits): Promise<Map<string, Entry>> {
  if (zip.entryCount > limits.maxZipEntries) throw invalid(new Error(`${zip.entryCount} entries`));
  const wanted = new Map<string, Entry>();
  let unpacked = 0;
  for await (const entry of zip.eachEntry()) {
    const name = entry.fileName;
    if (yauzl.validateFileName(name) !== null || name.includes('\0')) throw invalid(new Error(`unsafe name ${JSON.stringify(name)}`));
    unpacked += entry.uncompressedSize;
    if (unpacked > limits.maxUnpackedBytes) throw invalid(new Error(`more than ${limits.maxUnpackedBytes} bytes unpacked`));
    if (name !== ARCHIVE_JSON_PATH && !MEDIA_PATH_PATTERN.test(name)) continue;
    if (wanted.has(name)) throw invalid(new Error(`${name} listed twice`));
    if (entry.isEncrypted() || !entry.canDecodeFileData()) throw invalid(new Error(`${name} cannot be decoded`));
    wanted.set(name, entry);
  }
  return wanted;
}

/**
 * Opens an uploaded portfolio archive safely (see {@link listEntries}), then reads
 * `portfolio.json` within its size limit and validates it against the version-1 schema. Any
 * failure is PORTFOLIO_IMPORT_INVALID and leaves the file closed.
 */
export async function openPortfolioArchive(file: string, limits: ImportLimits): Promise<OpenedArchive> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: true });
  } catch (error) {
    throw invalid(error);
  }
  try {
    const entries = await listEntries(zip, limits);
    const jsonEntry = entries.get(ARCHIVE_JSON_PATH);
    if (!jsonEntry) throw invalid(new Error(`no ${ARCHIVE_JSON_PATH}`));
    if (jsonEntry.uncompressedSize > limits.maxJsonBytes) throw invalid(new Error(`${ARCHIVE_JSON_PATH} too large`));
    let parsed: unknown;
    try {
      const tooLarge = () => invalid(new Error(`${ARCHIVE_JSON_PATH} is larger than ${limits.maxJsonBytes} bytes`));
      parsed = JSON.parse((await readWhole(await zip.openReadStreamPromise(jsonEntry), limits.maxJsonBytes, tooLarge)).toString('utf8'));
    } catch (error) {
      throw error instanceof AppError ? error : invalid(error);
    }
    const result = portfolioArchiveSchema.safeParse(parsed);
    if (!result.success) throw invalid(result.error);
    const manifest = result.data;
    const missing = manifest.entries.flatMap((entry) => entry.media).find((medium) => !entries.has(medium.path));
    if (missing) throw invalid(new Error(`${missing.path} is not in the archive`));
    return {
      manifest,
      async openMedium(path) {
        const entry = entries.get(path);
        if (!entry) throw invalid(new Error(`${path} is not in the archive`));
        try {
          return await zip.openReadStreamPromise(entry);
        } catch (error) {
          throw invalid(error);
        }
      },
      close: () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw error instanceof AppError ? error : invalid(error);
  }
}

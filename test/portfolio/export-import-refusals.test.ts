import { expect } from 'chai';
import { createHash, randomUUID } from 'node:crypto';
import supertest from 'supertest';
import type { Person, SchoolClass } from '../../src/model/index.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError } from '../../src/http/errors.js';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from '../../src/portfolio/export/import-limits.js';
import { openPortfolioArchive } from '../../src/portfolio/export/open-portfolio-archive.js';
import { filesUnder, pdfBytes, svgWithScript } from '../media/fixtures.js';
import { TEST_MEDIA_DIR } from '../support/config.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { exportTestApp, postArchive, zipOf, type ExportTestApp } from './export-support.js';
import { phonePhoto } from './support.js';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** A medium of a hand-made archive: its path, bytes and what the JSON says of it. */
interface Medium {
  readonly path: string;
  readonly bytes: Buffer;
  readonly kind?: string;
  readonly mimeType?: string;
  readonly sha256?: string;
}

/**
 * `portfolio.json` for one entry holding these media, as an exporter writes it. Each archive's
 * entry has a new id: an id already imported for the child would be skipped, media unread.
 */
function manifest(media: readonly Medium[]): Record<string, unknown> {
  return {
    format: 'e-carnet/portfolio',
    version: 1,
    exportedAt: '2026-07-01T10:00:00.000Z',
    child: { givenName: 'Léa', familyName: 'Martin' },
    school: { name: 'École des Tilleuls', uai: '0750001A' },
    entries: [
      {
        id: randomUUID(),
        audience: 'children',
        momentKind: null,
        title: 'Un dessin',
        comment: '',
        publishedAt: '2026-03-01T08:00:00.000Z',
        skills: [{ cycle: 1, domainCode: 'c1-neuf', domainLabel: 'Un domaine neuf', label: 'Une compétence neuve', level: 'achieved' }],
        media: media.map((medium) => ({
          path: medium.path,
          kind: medium.kind ?? 'photo',
          mimeType: medium.mimeType ?? 'image/jpeg',
          sha256: medium.sha256 ?? sha256(medium.bytes),
        })),
      },
    ],
  };
}

function archiveOf(json: unknown, media: readonly Medium[], extra: ReadonlyArray<readonly [string, Buffer]> = []): Promise<Buffer> {
  return zipOf([['portfolio.json', Buffer.from(JSON.stringify(json))], ...media.map((medium) => [medium.path, medium.bytes] as const), ...extra]);
}

/*
 * An archive is user input: whatever is wrong with it, the import is refused with a stable code
 * and leaves nothing behind — no row, no stored file, no skill added to the framework.
 */
describe('portfolio import: refused archives leave nothing behind', () => {
  let testApp: ExportTestApp;
  let request: ReturnType<typeof supertest>;
  let school: SchoolFactory;
  let klass: SchoolClass;
  let teacher: Person;
  let pupil: Person;
  let photo: Medium;

  before(async () => {
    testApp = exportTestApp();
    request = supertest(testApp.app);
    school = await SchoolFactory.create(testDataSource());
    klass = await school.class();
    teacher = await school.teacher([klass]);
    pupil = await school.pupil(klass);
    photo = { path: 'media/1-photo-1.jpg', bytes: await phonePhoto() };
  });

  async function footprint(): Promise<{ entries: number; media: number; skills: number; feed: number; origins: number; files: string[] }> {
    const count = async (table: string) =>
      Number(((await testDataSource().query(`SELECT COUNT(*) AS n FROM ${table} WHERE schoolId = ?`, [school.id])) as { n: number | string }[])[0]!.n);
    return {
      entries: await count('portfolio_entry'),
      media: await count('portfolio_medium'),
      skills: await count('skill'),
      feed: await count('portfolio_feed_item'),
      origins: await count('portfolio_import_origin'),
      files: (await filesUnder(TEST_MEDIA_DIR)).sort(),
    };
  }

  async function expectRefused(archive: Buffer, code = 'PORTFOLIO_IMPORT_INVALID'): Promise<void> {
    const before = await footprint();
    const response = await postArchive(request, klass.id, pupil.id, await testApp.signIn(teacher.id), archive);
    expect(response.status, JSON.stringify(response.body)).to.equal(400);
    expect((response.body as { error: { code: string } }).error.code).to.equal(code);
    expect(await footprint()).to.deep.equal(before);
  }

  it('takes the hand-made archive these cases start from', async () => {
    const response = await postArchive(request, klass.id, pupil.id, await testApp.signIn(teacher.id), await archiveOf(manifest([photo]), [photo]));
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
    expect(response.body).to.deep.equal({ imported: { entries: 1, media: 1, alreadyThere: 0 } });
  });

  it('refuses a file that is not a ZIP', async () => {
    await expectRefused(Buffer.from('PK\u0003\u0004 this is not really a zip file at all'));
  });

  it('refuses a name that climbs out of the folder (zip-slip ../x)', async () => {
    // yazl will not write such a name: write `zz/x`, then turn it into `../x` in both headers.
    const zip = await archiveOf(manifest([photo]), [photo], [['zz/x', Buffer.from('owned')]]);
    const marker = Buffer.from('zz/x');
    let at = zip.indexOf(marker);
    expect(at).to.be.greaterThan(-1);
    while (at !== -1) {
      zip.write('../x', at, 'latin1');
      at = zip.indexOf(marker, at + 1);
    }
    await expectRefused(zip);
  });

  it('refuses an absolute name', async () => {
    const zip = await archiveOf(manifest([photo]), [photo], [['zz/etc/x', Buffer.from('owned')]]);
    let at = zip.indexOf('zz/etc/x');
    while (at !== -1) {
      zip.write('///etc/x', at, 'latin1');
      at = zip.indexOf('zz/etc/x', at + 1);
    }
    await expectRefused(zip);
  });

  it('refuses an archive without portfolio.json', async () => {
    await expectRefused(await zipOf([[photo.path, photo.bytes]]));
  });

  it('refuses a portfolio.json that is not JSON', async () => {
    await expectRefused(await zipOf([['portfolio.json', Buffer.from('{"format": "e-carnet/portfolio", ')], [photo.path, photo.bytes]]));
  });

  it('refuses a portfolio.json with missing fields', async () => {
    const { child: _child, ...withoutChild } = manifest([photo]);
    await expectRefused(await archiveOf(withoutChild, [photo]));
  });

  it('refuses another format or version', async () => {
    await expectRefused(await archiveOf({ ...manifest([photo]), version: 2 }, [photo]));
  });

  it('refuses two entries with the same id', async () => {
    const json = manifest([]) as { entries: Record<string, unknown>[] };
    json.entries.push({ ...json.entries[0]!, title: 'Le même, encore' });
    await expectRefused(await archiveOf(json, []));
  });

  it('refuses a medium the JSON names but the ZIP lacks', async () => {
    await expectRefused(await archiveOf(manifest([photo]), []));
  });

  it('refuses an SVG (with its script) even after a good photo was stored, and deletes that photo', async () => {
    const svg = { path: 'media/2-photo-2.svg', bytes: svgWithScript(), mimeType: 'image/svg+xml' };
    await expectRefused(await archiveOf(manifest([photo, svg]), [photo, svg]));
  });

  it('refuses a truncated photo, even when its SHA-256 matches the truncated bytes', async () => {
    const truncated = { path: 'media/2-photo-2.jpg', bytes: photo.bytes.subarray(0, Math.floor(photo.bytes.length / 2)) };
    await expectRefused(await archiveOf(manifest([photo, truncated]), [photo, truncated]));
  });

  it('refuses a medium whose bytes do not match the SHA-256 of the JSON', async () => {
    const altered = { ...photo, sha256: sha256(Buffer.from('something else')) };
    await expectRefused(await archiveOf(manifest([altered]), [altered]));
  });

  it('refuses a medium whose type disagrees with the JSON', async () => {
    const mislabelled = { ...photo, kind: 'document', mimeType: 'application/pdf' };
    await expectRefused(await archiveOf(manifest([mislabelled]), [mislabelled]));
  });

  it('asks for the archive when the form has none', async () => {
    const before = await footprint();
    const session = await testApp.signIn(teacher.id);
    const response = await request
      .post(`/classes/${klass.id}/portfolio/import?pupilId=${pupil.id}`)
      .set('Cookie', session.cookie)
      .set('Accept', 'application/json')
      .field('_csrf', session.csrfToken)
      .field('note', 'no file');
    expect(response.status).to.equal(400);
    expect(response.body).to.have.nested.property('error.code', 'VALIDATION_FAILED');
    expect(await footprint()).to.deep.equal(before);
  });

  it('refuses a post without the CSRF token before reading it', async () => {
    const session = await testApp.signIn(teacher.id);
    const response = await request
      .post(`/classes/${klass.id}/portfolio/import?pupilId=${pupil.id}`)
      .set('Cookie', session.cookie)
      .set('Accept', 'application/json')
      .attach('archive', await archiveOf(manifest([photo]), [photo]), { filename: 'carnet.zip', contentType: 'application/zip' });
    expect(response.status).to.equal(403);
  });

  it('refuses media beyond the school’s quota with the quota’s own code, and deletes what was stored', async () => {
    const used = (await testDataSource().query('SELECT COALESCE(SUM(storedBytes), 0) AS used FROM portfolio_medium WHERE schoolId = ?', [school.id])) as { used: number | string }[];
    // Room for the small PDF, not for the photo after it.
    const small = exportTestApp({ schoolQuotaBytes: Number(used[0]!.used) + 1000 });
    const document = { path: 'media/1-document-1.pdf', bytes: pdfBytes(), kind: 'document', mimeType: 'application/pdf' };
    const second = { ...photo, path: 'media/2-photo-2.jpg' };
    const before = await footprint();
    const response = await postArchive(supertest(small.app), klass.id, pupil.id, await small.signIn(teacher.id), await archiveOf(manifest([document, second]), [document, second]));
    expect(response.status, JSON.stringify(response.body)).to.equal(413);
    expect(response.body).to.have.nested.property('error.code', 'MEDIA_QUOTA_EXCEEDED');
    expect(await footprint()).to.deep.equal(before);
  });
});

/* The ZIP reader's own limits, tried with small numbers: a bomb or a flood is refused before it is read. */
describe('portfolio import: archive limits', () => {
  let folder: string;
  before(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'ecarnet-limits-'));
  });
  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function refusal(archive: Buffer, limits: Partial<ImportLimits>): Promise<unknown> {
    const file = path.join(folder, `${Math.random().toString(36).slice(2)}.zip`);
    await writeFile(file, archive);
    return openPortfolioArchive(file, { ...DEFAULT_IMPORT_LIMITS, ...limits }).then(
      (opened) => {
        opened.close();
        return undefined;
      },
      (error: unknown) => error,
    );
  }

  const json = Buffer.from(JSON.stringify(manifest([])));

  it('opens a small archive within the limits', async () => {
    expect(await refusal(await zipOf([['portfolio.json', json]]), { maxZipEntries: 3 })).to.equal(undefined);
  });

  it('refuses more entries than allowed', async () => {
    const many = await zipOf([['portfolio.json', json], ...Array.from({ length: 5 }, (_, n) => [`notes/${n}.txt`, Buffer.from('x')] as const)]);
    const error = await refusal(many, { maxZipEntries: 3 });
    expect(error).to.be.instanceOf(AppError).and.to.have.property('code', 'PORTFOLIO_IMPORT_INVALID');
  });

  it('refuses an archive that would unpack to more than allowed (a ZIP bomb in miniature)', async () => {
    const bomb = await zipOf([['portfolio.json', json], ['media/1-zeros.bin', Buffer.alloc(4 * 1024 * 1024)]]);
    expect(bomb.length).to.be.lessThan(64 * 1024);
    const error = await refusal(bomb, { maxUnpackedBytes: 1024 * 1024 });
    expect(error).to.be.instanceOf(AppError).and.to.have.property('code', 'PORTFOLIO_IMPORT_INVALID');
  });

  it('refuses a portfolio.json larger than allowed', async () => {
    const error = await refusal(await zipOf([['portfolio.json', json]]), { maxJsonBytes: 100 });
    expect(error).to.be.instanceOf(AppError).and.to.have.property('code', 'PORTFOLIO_IMPORT_INVALID');
  });

  it('refuses a read name listed twice', async () => {
    const error = await refusal(await zipOf([['portfolio.json', json], ['portfolio.json', json]]), {});
    expect(error).to.be.instanceOf(AppError).and.to.have.property('code', 'PORTFOLIO_IMPORT_INVALID');
  });
});

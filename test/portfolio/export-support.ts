/*
 * Shared fixtures of the portfolio export/import suites (export*.test.ts): an app with the export
 * router, a published portfolio seeded row by row, and ZIP helpers. It holds no test itself.
 */
import express, { type Express, type Request, type Response, type NextFunction } from 'express';
import pino from 'pino';
import { Readable } from 'node:stream';
import type supertest from 'supertest';
import yauzl from 'yauzl';
import { ZipFile } from 'yazl';
import { CSRF_RULES, SESSION_COOKIE } from '../../src/app.js';
import { csrfProtection } from '../../src/auth/csrf.js';
import { SessionManager } from '../../src/auth/session-manager.js';
import { SessionStore } from '../../src/auth/session-store.js';
import { createMessagingDeps } from '../../src/messaging/create-messaging.js';
import type { ModuleContext } from '../../src/context.js';
import { errorHandler, notFoundHandler } from '../../src/http/error-handler.js';
import { languageMiddleware } from '../../src/i18n/middleware.js';
import { createTranslator } from '../../src/i18n/translator.js';
import { createPortfolioRouter } from '../../src/portfolio/router.js';
import { DEFAULT_MEDIA_LIMITS, ingestMedia, storageFromOptions, type MediaStorage } from '../../src/media/index.js';
import { newId } from '../../src/model/columns.js';
import { EntryPupil } from '../../src/model/entry-pupil.js';
import { EntrySkill, type SkillLevel } from '../../src/model/entry-skill.js';
import type { Person, SchoolClass } from '../../src/model/index.js';
import { MediumTag } from '../../src/model/medium-tag.js';
import { PortfolioEntry, type EntryState, type MomentKind } from '../../src/model/portfolio-entry.js';
import { PortfolioFeedItem } from '../../src/model/portfolio-feed-item.js';
import { PortfolioMedium } from '../../src/model/portfolio-medium.js';
import { Skill } from '../../src/model/skill.js';
import { createPortfolioExportRouter } from '../../src/portfolio/export/export-router.js';
import { ensureSkillFramework } from '../../src/skills/school-skills.js';
import { VIEWS_DIR } from '../../src/paths.js';
import { createViewEngine } from '../../src/views/engine.js';
import type { SignedIn } from '../support/app.js';
import { TestClock } from '../support/clock.js';
import { testConfig } from '../support/config.js';
import { testDataSource } from '../support/database.js';
import type { SchoolFactory } from '../support/factories.js';

/** An app serving the export and portfolio routers the way `createApp` mounts routers, with its context. */
export interface ExportTestApp {
  readonly app: Express;
  readonly clock: TestClock;
  readonly context: ModuleContext;
  signIn(personId: string): Promise<SignedIn>;
}

/**
 * The export and portfolio routers behind the same middleware as in `createApp` (sessions, language, CSRF, error
 * handler), so the suites do not depend on where the host app mounts it.
 */
export function exportTestApp(options: { schoolQuotaBytes?: number; storage?: (real: MediaStorage) => MediaStorage } = {}): ExportTestApp {
  const config = testConfig();
  const clock = new TestClock();
  const dataSource = testDataSource();
  // EXPORT_TEST_LOG_LEVEL=error shows what a 500 hides, when a suite fails.
  const logger = pino({ level: process.env.EXPORT_TEST_LOG_LEVEL ?? 'silent' });
  const translator = createTranslator();
  const store = new SessionStore(dataSource, config.session);
  const sessions = new SessionManager(store, { name: SESSION_COOKIE, crossSite: false, maxHours: config.session.maxHours }, clock);
  const real = storageFromOptions(config.media.storage);
  const media = { storage: options.storage ? options.storage(real) : real, limits: DEFAULT_MEDIA_LIMITS, schoolQuotaBytes: options.schoolQuotaBytes ?? config.media.schoolQuotaBytes };
  const messaging = createMessagingDeps(config, dataSource, clock, { entHook: false });
  const context: ModuleContext = { config, dataSource, logger, clock, sessions, translator, media, messaging };

  const app = express();
  app.engine('hbs', createViewEngine().engine);
  app.set('view engine', 'hbs');
  app.set('views', VIEWS_DIR);
  app.use((req: Request, res: Response, next: NextFunction) => {
    req.basePath = req.baseUrl;
    res.locals.base = req.baseUrl;
    next();
  });
  app.use(express.json());
  app.use(express.urlencoded({ extended: false }));
  app.use(sessions.middleware());
  app.use(languageMiddleware(translator, false));
  app.use(csrfProtection(CSRF_RULES));
  app.use(createPortfolioExportRouter(context));
  // The timeline, where an import sends the teacher back.
  app.use(createPortfolioRouter(context));
  app.use(notFoundHandler);
  app.use(errorHandler(logger, translator));
  return {
    app,
    clock,
    context,
    async signIn(personId) {
      const { token, session } = await store.create(clock.now(), { personId, signInMethod: 'test' });
      return { cookie: `${SESSION_COOKIE}=${token}`, csrfToken: session.csrfToken };
    },
  };
}

/** A medium to seed: its bytes and who appears in it. */
export interface SeedMedium {
  readonly bytes: Buffer;
  readonly appearing?: readonly Person[];
}

/** An entry to seed, as the teacher's form and the scheduler would have left it. */
export interface SeedEntry {
  readonly klass: SchoolClass;
  readonly author: Person;
  readonly about: readonly Person[];
  readonly audience?: 'children' | 'class';
  readonly momentKind?: MomentKind | null;
  readonly title: string;
  readonly comment: string;
  readonly state?: EntryState;
  readonly publishAt: Date;
  readonly media?: readonly SeedMedium[];
  readonly skills?: readonly { skill: Skill; level: SkillLevel }[];
}

/** Writes an entry with its timeline lines, media (stored through the real pipeline), tags and skills. */
export async function seedEntry(context: ModuleContext, school: SchoolFactory, seed: SeedEntry): Promise<PortfolioEntry> {
  const { dataSource } = context;
  const state = seed.state ?? 'published';
  const audience = seed.audience ?? 'children';
  const entry = Object.assign(new PortfolioEntry(), {
    id: newId(),
    schoolId: school.id,
    classId: seed.klass.id,
    authorId: seed.author.id,
    audience,
    momentKind: seed.momentKind ?? null,
    title: seed.title,
    comment: seed.comment,
    state,
    publishAt: state === 'draft' ? null : seed.publishAt,
    familiesSeeAt: state === 'draft' ? null : seed.publishAt,
    approvedById: null,
    createdAt: seed.publishAt,
    updatedAt: seed.publishAt,
  });
  await dataSource.getRepository(PortfolioEntry).insert(entry);
  if (audience === 'children') {
    await dataSource.getRepository(EntryPupil).insert(seed.about.map((pupil) => ({ entryId: entry.id, pupilId: pupil.id, schoolId: school.id })));
  }
  if (state !== 'draft') {
    await dataSource
      .getRepository(PortfolioFeedItem)
      .insert(seed.about.map((pupil) => ({ pupilId: pupil.id, entryId: entry.id, schoolId: school.id, publishAt: seed.publishAt, familiesSeeAt: seed.publishAt })));
  }
  let position = 0;
  for (const medium of seed.media ?? []) {
    const stored = await ingestMedia(Readable.from([medium.bytes]), {
      storage: context.media.storage,
      keyPrefix: `schools/${school.id}/media`,
      limits: context.media.limits,
      remainingQuotaBytes: context.media.schoolQuotaBytes,
    });
    const id = newId();
    await dataSource.getRepository(PortfolioMedium).insert({
      id,
      schoolId: school.id,
      classId: seed.klass.id,
      entryId: entry.id,
      uploadedById: seed.author.id,
      kind: stored.kind,
      mimeType: stored.mimeType,
      fileName: `${stored.kind}-${position + 1}.${stored.extension}`,
      bytes: String(stored.bytes),
      storedBytes: String(stored.storedBytes),
      width: stored.width,
      height: stored.height,
      originalKey: stored.keys.original,
      screenKey: stored.keys.screen,
      thumbnailKey: stored.keys.thumbnail,
      peopleReviewed: true,
      position,
      createdAt: seed.publishAt,
    });
    position += 1;
    if ((medium.appearing ?? []).length > 0) {
      await dataSource.getRepository(MediumTag).insert((medium.appearing ?? []).map((pupil) => ({ mediumId: id, pupilId: pupil.id, schoolId: school.id })));
    }
  }
  if ((seed.skills ?? []).length > 0) {
    await dataSource.getRepository(EntrySkill).insert((seed.skills ?? []).map(({ skill, level }) => ({ entryId: entry.id, skillId: skill.id, schoolId: school.id, level })));
  }
  return entry;
}

/** The school's default framework, created if needed, and a skill of it by domain code. */
export async function defaultSkill(school: SchoolFactory, domainCode: string): Promise<Skill> {
  const dataSource = testDataSource();
  await ensureSkillFramework(dataSource.manager, school.id);
  const skill = await dataSource.getRepository(Skill).findOne({ where: { schoolId: school.id, domainCode }, order: { position: 'ASC' } });
  if (!skill) throw new Error(`no default skill in ${domainCode}`);
  return skill;
}

/** A skill the school wrote itself, in a domain of its own. */
export async function ownSkill(school: SchoolFactory, label: string): Promise<Skill> {
  const skill = Object.assign(new Skill(), {
    id: newId(),
    schoolId: school.id,
    cycle: 2,
    domainCode: 'ecole-natation',
    domainLabel: 'Savoir nager',
    label,
    position: 9999,
    archivedAt: null,
  });
  await testDataSource().getRepository(Skill).insert(skill);
  return skill;
}

/** Every file of a ZIP, by name. */
export async function unzip(archive: Buffer): Promise<Map<string, Buffer>> {
  const zip = await yauzl.fromBufferPromise(archive, { lazyEntries: true });
  const files = new Map<string, Buffer>();
  for await (const entry of zip.eachEntry()) {
    if (entry.fileName.endsWith('/')) continue;
    const chunks: Buffer[] = [];
    for await (const chunk of (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>) chunks.push(chunk);
    files.set(entry.fileName, Buffer.concat(chunks));
  }
  return files;
}

/** A ZIP of the given files, in order. */
export function zipOf(files: ReadonlyArray<readonly [string, Buffer]>): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, content] of files) zip.addBuffer(content, name);
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** Downloads a child's archive. */
export function downloadArchive(request: ReturnType<typeof supertest>, pupilId: string, session: SignedIn): supertest.Test {
  return request
    .get(`/children/${pupilId}/portfolio.zip`)
    .set('Cookie', session.cookie)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

/** Posts an archive to a class's import, as the import form would (JSON answer asked). */
export function postArchive(request: ReturnType<typeof supertest>, classId: string, pupilId: string, session: SignedIn, archive: Buffer): supertest.Test {
  return request
    .post(`/classes/${classId}/portfolio/import?pupilId=${pupilId}`)
    .set('Cookie', session.cookie)
    .set('Accept', 'application/json')
    .field('_csrf', session.csrfToken)
    .attach('archive', archive, { filename: 'carnet.zip', contentType: 'application/zip' });
}

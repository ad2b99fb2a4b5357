import { expect } from 'chai';
import pino from 'pino';
import supertest from 'supertest';
import { DiskMediaStorage } from '../../src/media/index.js';
import { MessageFile, PortfolioEntry, PortfolioMedium } from '../../src/model/index.js';
import { runPortfolioHousekeeping } from '../../src/portfolio/housekeeping.js';
import { createTestApp } from '../support/app.js';
import { TEST_MEDIA_DIR } from '../support/config.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { classWithFamilies, phonePhoto, postEntryForm } from './support.js';

describe('portfolio housekeeping', () => {
  it('marks entries published at their slot and deletes uploads (portfolio and messages) abandoned for a day, files included', async () => {
    const test = createTestApp();
    test.clock.set('2026-11-20T09:00:00.000Z');
    const request = supertest(test.app);
    const school = await SchoolFactory.create(testDataSource());
    const { klass, teacher } = await classWithFamilies(school, ['class']);
    const session = await test.signIn(teacher.id);
    const posted = await postEntryForm(request, klass.id, session, { audience: 'class', peopleReviewed: 'nobody', when: 'nextSlot' }, [{ name: 'a.jpg', content: await phonePhoto() }]);
    const entryId = posted.headers.location!.split('/').at(-1)!;
    const upload = await request
      .post(`/api/v1/classes/${klass.id}/media`)
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', session.csrfToken)
      .attach('f', await phonePhoto(), 'left-behind.jpg');
    const abandonedId = upload.body.media[0].id as string;
    const messageUpload = await request
      .post('/api/v1/message-files')
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', session.csrfToken)
      .attach('f', await phonePhoto(), 'never-sent.jpg');
    const neverSent = await testDataSource().getRepository(MessageFile).findOneByOrFail({ id: messageUpload.body.files[0].id as string });
    const abandoned = await testDataSource().getRepository(PortfolioMedium).findOneByOrFail({ id: abandonedId });
    const storage = new DiskMediaStorage(TEST_MEDIA_DIR);
    expect(await storage.stat(abandoned.originalKey)).not.to.equal(undefined);

    const logger = pino({ level: 'silent' });
    await runPortfolioHousekeeping(testDataSource(), storage, logger, new Date('2026-11-20T15:29:00.000Z'));
    expect((await testDataSource().getRepository(PortfolioEntry).findOneByOrFail({ id: entryId })).state).to.equal('scheduled');
    expect(await testDataSource().getRepository(PortfolioMedium).existsBy({ id: abandonedId })).to.equal(true);

    await runPortfolioHousekeeping(testDataSource(), storage, logger, new Date('2026-11-21T09:01:00.000Z'));
    expect((await testDataSource().getRepository(PortfolioEntry).findOneByOrFail({ id: entryId })).state).to.equal('published');
    expect(await testDataSource().getRepository(PortfolioMedium).existsBy({ id: abandonedId })).to.equal(false);
    expect(await storage.stat(abandoned.originalKey)).to.equal(undefined);
    expect(await testDataSource().getRepository(MessageFile).existsBy({ id: neverSent.id })).to.equal(false);
    expect(await storage.stat(neverSent.originalKey)).to.equal(undefined);
    expect(await testDataSource().getRepository(PortfolioMedium).countBy({ entryId })).to.equal(1);
  });
});

import { expect } from 'chai';
import { Readable } from 'node:stream';
import pino from 'pino';
import { newId } from '../../src/model/columns.js';
import { PortfolioMedium } from '../../src/model/index.js';
import { sweepOrphanMedia } from '../../src/media/orphan-sweep.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { BACKENDS, type StorageUnderTest } from './backends.js';

const HOUR = 60 * 60 * 1000;
const logger = pino({ level: 'silent' });

for (const backend of BACKENDS) {
  describe(`orphan media sweep: ${backend.name}`, function () {
    this.timeout(30_000);
    let under: StorageUnderTest;
    beforeEach(async () => {
      under = await backend.start();
    });
    afterEach(async () => {
      await under.stop();
    });

    const put = (key: string) => under.storage.put(key, Readable.from([Buffer.from(`bytes of ${key}`)]), { contentType: 'image/jpeg' });

    it('deletes, once past the grace, the objects no row names, and keeps those a row names, the young ones and keys it does not own', async () => {
      const school = await SchoolFactory.create(testDataSource());
      const klass = await school.class();
      const teacher = await school.teacher([klass]);
      const base = `schools/${school.id}/media/${newId()}`;
      const recorded = { originalKey: `${base}.jpg`, screenKey: `${base}.screen.webp`, thumbnailKey: `${base}.thumb.webp` };
      // What an instance killed between storing and recording an upload leaves: files, no row.
      const orphanBase = `schools/${school.id}/media/${newId()}`;
      const orphans = [`${orphanBase}.jpg`, `${orphanBase}.screen.webp`, `${orphanBase}.thumb.webp`, `schools/${school.id}/messages/${newId()}.m4a`];
      const notOurs = 'exports/archive-of-an-operator.zip';
      for (const key of [...Object.values(recorded), ...orphans, notOurs]) await put(key);
      await testDataSource().getRepository(PortfolioMedium).insert({
        id: newId(),
        schoolId: school.id,
        classId: klass.id,
        entryId: null,
        uploadedById: teacher.id,
        kind: 'photo',
        mimeType: 'image/jpeg',
        fileName: 'photo-1.jpg',
        bytes: '10',
        storedBytes: '30',
        width: 4,
        height: 3,
        ...recorded,
        peopleReviewed: false,
        position: 0,
        createdAt: new Date(),
      });
      const everythingBefore = (await under.everything()).sort();

      // Within the grace (an upload on another instance may be about to insert its row): nothing goes.
      const young = await sweepOrphanMedia(testDataSource(), under.storage, logger, new Date(Date.now() + HOUR / 2), { graceMs: HOUR });
      expect(young.deleted).to.equal(0);
      expect((await under.everything()).sort()).to.deep.equal(everythingBefore);

      const swept = await sweepOrphanMedia(testDataSource(), under.storage, logger, new Date(Date.now() + 2 * HOUR), { graceMs: HOUR });
      expect(swept.deleted).to.equal(orphans.length);
      for (const key of orphans) expect(await under.storage.stat(key), key).to.equal(undefined);
      for (const key of [...Object.values(recorded), notOurs]) expect(await under.storage.stat(key), key).not.to.equal(undefined);

      // Again, or on another instance at the same time: nothing more to do, nothing fails.
      const again = await Promise.all([1, 2].map(() => sweepOrphanMedia(testDataSource(), under.storage, logger, new Date(Date.now() + 2 * HOUR), { graceMs: HOUR })));
      expect(again.map((result) => result.deleted)).to.deep.equal([0, 0]);
    });

    it('goes through more objects than one batch', async () => {
      const school = await SchoolFactory.create(testDataSource());
      const keys = Array.from({ length: 25 }, () => `schools/${school.id}/messages/${newId()}.jpg`);
      await Promise.all(keys.map(put));
      const swept = await sweepOrphanMedia(testDataSource(), under.storage, logger, new Date(Date.now() + 2 * HOUR), { graceMs: HOUR, batchSize: 10 });
      expect(swept).to.deep.equal({ listed: 25, deleted: 25 });
      expect(await under.everything()).to.deep.equal([]);
    });
  });
}

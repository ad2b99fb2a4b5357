import { expect } from 'chai';
import supertest from 'supertest';
import { newId } from '../../src/model/columns.js';
import { MessageFile } from '../../src/model/message-file.js';
import type { MediaStorage } from '../../src/media/index.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { exportTestApp } from './export-support.js';
import { phonePhoto } from './support.js';

const QUOTA = 50_000_000;

/*
 * The quota is read before an upload streams. When another upload of the same school finishes
 * while this one is streaming, the remainder read at the start is no longer true: recording
 * this upload checks the quota again, and refuses it rather than pass the quota.
 */
describe('school quota: an upload finishing while another streams', () => {
  it('is refused when the other one took the room, and leaves none of its files', async () => {
    const dataSource = testDataSource();
    const school = await SchoolFactory.create(dataSource);
    const klass = await school.class();
    const teacher = await school.teacher([klass]);
    const pupil = await school.pupil(klass);
    const putKeys: string[] = [];
    let otherUploadDone = false;
    const testApp = exportTestApp({
      schoolQuotaBytes: QUOTA,
      storage: (real): MediaStorage => ({
        open: (key, range) => real.open(key, range),
        stat: (key) => real.stat(key),
        delete: (key) => real.delete(key),
        async put(key, body, options) {
          putKeys.push(key);
          // While this photo streams, a message's video that leaves 1 kB is recorded for the same school.
          if (!otherUploadDone) {
            otherUploadDone = true;
            await dataSource.getRepository(MessageFile).insert(
              Object.assign(new MessageFile(), {
                id: newId(),
                schoolId: school.id,
                uploadedById: teacher.id,
                kind: 'video',
                mimeType: 'video/mp4',
                fileName: 'sortie.mp4',
                originalKey: `schools/${school.id}/messages/${newId()}`,
                screenKey: null,
                thumbnailKey: null,
                bytes: String(QUOTA - 1_000),
                storedBytes: String(QUOTA - 1_000),
                width: null,
                height: null,
                attachedAt: null,
                createdAt: new Date(),
              }),
            );
          }
          return real.put(key, body, options);
        },
      }),
    });
    const session = await testApp.signIn(teacher.id);
    const response = await supertest(testApp.app)
      .post(`/classes/${klass.id}/portfolio/entries`)
      .set('Cookie', session.cookie)
      .set('Accept', 'application/json')
      .field('_csrf', session.csrfToken)
      .field('audience', 'children')
      .field('pupilIds', pupil.id)
      .field('comment', 'Les plantations')
      .attach('photo', await phonePhoto(2400, 1800), 'photo.jpg');

    expect(response.status, JSON.stringify(response.body)).to.equal(413);
    expect(response.body).to.have.nested.property('error.code', 'MEDIA_QUOTA_EXCEEDED');
    const used = (await dataSource.query('SELECT COALESCE(SUM(storedBytes), 0) AS n FROM portfolio_medium WHERE schoolId = ?', [school.id])) as { n: number | string }[];
    expect(Number(used[0]!.n)).to.equal(0);
    expect(putKeys.length).to.be.greaterThan(0);
    for (const key of putKeys) expect(await testApp.context.media.storage.stat(key), key).to.equal(undefined);
  });
});

import { expect } from 'chai';
import supertest from 'supertest';
import { createTestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { classWithFamilies, phonePhoto, postEntryForm } from './support.js';

/* Photos reserve their place before they arrive: the page does not jump while they load. */
describe('portfolio: photos carry their size', function () {
  this.timeout(30_000);

  it('gives the entry’s screen photo and the timeline’s thumbnail the photo’s width and height', async () => {
    const testApp = createTestApp();
    const request = supertest(testApp.app);
    const families = await classWithFamilies(await SchoolFactory.create(testDataSource()), ['class']);
    const [pupil] = families.pupils;
    const teacher = await testApp.signIn(families.teacher.id);
    const posted = await postEntryForm(
      request,
      families.klass.id,
      teacher,
      { audience: 'children', pupilIds: pupil!.id, title: 'Portrait', peopleReviewed: 'yes', appearing: [pupil!.id], when: 'now' },
      [{ name: 'IMG_0002.jpg', content: await phonePhoto(300, 500) }],
    ).expect(303);
    const parent = await testApp.signIn(families.guardians[0]!.id);
    const entry = await request.get(posted.headers.location!.replace(/^https?:\/\/[^/]+/, '')).set('Cookie', parent.cookie).expect(200);
    expect(entry.text).to.match(/<img src="[^"]*\/screen"[^>]*width="300" height="500"/);
    const timeline = await request.get(`/children/${pupil!.id}/portfolio`).set('Cookie', parent.cookie).expect(200);
    expect(timeline.text).to.match(/<img src="[^"]*\/thumbnail"[^>]*width="300" height="500"/);
  });
});

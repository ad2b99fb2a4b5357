import { expect } from 'chai';
import supertest from 'supertest';
import { MediumTag, PortfolioMedium } from '../../src/model/index.js';
import { createTestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { classWithFamilies, phonePhoto, postEntryForm } from './support.js';

/*
 * The phone form's "who appears in the photos" must be answered: a question left aside never
 * reads as "nobody appears", which would show the photos to every family the entry reaches.
 */
describe('portfolio: the phone form asks who appears, and takes no answer for granted', () => {
  let test: ReturnType<typeof createTestApp>;
  let request: ReturnType<typeof supertest>;

  before(() => {
    test = createTestApp();
    request = supertest(test.app);
  });

  async function setUp() {
    const school = await SchoolFactory.create(testDataSource());
    const families = await classWithFamilies(school, ['class', 'class']);
    return { school, families, session: await test.signIn(families.teacher.id) };
  }

  const mediaOf = (schoolId: string) => testDataSource().getRepository(PortfolioMedium).countBy({ schoolId });

  it('refuses photos sent without an answer, and keeps none of them', async () => {
    const { school, families, session } = await setUp();
    const refused = await postEntryForm(request, families.klass.id, session, { audience: 'class', when: 'draft' }, [{ name: 'a.jpg', content: await phonePhoto() }]);
    expect(refused.status).to.equal(400);
    expect(refused.body.error.fields).to.deep.equal([{ field: 'peopleReviewed', problem: 'required', message: refused.body.error.fields[0].message }]);
    expect(await mediaOf(school.id)).to.equal(0);
  });

  it('refuses "children appear" with no child ticked', async () => {
    const { school, families, session } = await setUp();
    const refused = await postEntryForm(request, families.klass.id, session, { audience: 'class', peopleReviewed: 'yes', when: 'draft' }, [{ name: 'a.jpg', content: await phonePhoto() }]);
    expect(refused.status).to.equal(400);
    expect(refused.body.error.fields[0].field).to.equal('appearing');
    expect(await mediaOf(school.id)).to.equal(0);
  });

  it('records each answer as such: the children ticked, nobody, or photo by photo later', async () => {
    const { families, session } = await setUp();
    const [lea] = families.pupils;
    const answers: { fields: Record<string, string>; reviewed: boolean; tagged: string[] }[] = [
      { fields: { peopleReviewed: 'yes', appearing: lea!.id }, reviewed: true, tagged: [lea!.id] },
      { fields: { peopleReviewed: 'nobody' }, reviewed: true, tagged: [] },
      { fields: { peopleReviewed: 'later' }, reviewed: false, tagged: [] },
    ];
    for (const answer of answers) {
      const posted = await postEntryForm(request, families.klass.id, session, { audience: 'class', when: 'draft', ...answer.fields }, [{ name: 'a.jpg', content: await phonePhoto() }]);
      expect(posted.status, posted.text).to.equal(303);
      const entryId = posted.headers.location!.split('/').at(-1)!;
      const medium = await testDataSource().getRepository(PortfolioMedium).findOneByOrFail({ entryId });
      expect(medium.peopleReviewed, answer.fields['peopleReviewed']).to.equal(answer.reviewed);
      const tags = await testDataSource().getRepository(MediumTag).findBy({ mediumId: medium.id });
      expect(tags.map((tag) => tag.pupilId)).to.deep.equal(answer.tagged);
    }
  });
});

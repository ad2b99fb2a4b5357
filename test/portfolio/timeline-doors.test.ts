import { expect } from 'chai';
import { PortfolioAccess } from '../../src/model/index.js';
import { timelineResponse } from '../../src/portfolio/api-schemas.js';
import { createTestApp, type SignedIn, type TestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { printClassSheets, shareCookieOf, sharedClass, sharePath } from '../sharing/support.js';
import { postEntryForm } from './support.js';

/** What a timeline page shows, whichever door served it: entries, media, and the next page's cursor. */
interface Shown {
  readonly entryIds: string[];
  readonly mediumIds: string[];
  readonly next: string | null;
}

/** The entries, media and "older" link of a timeline page, as HTML renders them. */
function shownInHtml(html: string, mediaPath: string): Shown {
  const escaped = mediaPath.replace(/\//g, '\\/');
  return {
    entryIds: [...html.matchAll(/<h2 id="entry-([0-9a-f-]{36})"/g)].map((match) => match[1]!),
    mediumIds: [...html.matchAll(new RegExp(`${escaped}([0-9a-f-]{36})/thumbnail`, 'g'))].map((match) => match[1]!),
    next: /href="\?before=([^"]+)"/.exec(html)?.[1] ?? null,
  };
}

/*
 * A child's timeline has three doors: the family's page, the JSON API and the page a QR code
 * opens. They are one use case: the same viewer gets the same entries, media and cursor from
 * each, and every view is recorded once in the child's access history, by whichever door.
 */
describe('portfolio: the timeline is the same through every door', () => {
  let test: TestApp;
  let world: Awaited<ReturnType<typeof sharedClass>>;
  let guardian: SignedIn;
  let guardianId: string;
  let qrCookie: string;

  before(async () => {
    test = createTestApp();
    test.clock.set('2026-11-20T09:00:00.000Z');
    const school = await SchoolFactory.create(testDataSource());
    world = await sharedClass(test, school);
    // More than a page (20) of Léa's entries, a minute apart, so that the cursor matters.
    for (let index = 0; index < 21; index += 1) {
      test.clock.advanceMinutes(1);
      const posted = await postEntryForm(world.request, world.families.klass.id, world.teacher, {
        peopleReviewed: 'yes',
        audience: 'children',
        pupilIds: world.lea.id,
        title: `Lecture ${index + 1}`,
        comment: 'Bravo',
        when: 'now',
      });
      expect(posted.status, posted.text).to.equal(303);
    }
    test.clock.advanceMinutes(1);
    guardianId = world.families.guardians[0]!.id;
    guardian = await test.signIn(guardianId);
    const sheets = await printClassSheets(world.request, world.families.klass.id, world.teacher);
    const leaCode = sheets.find((sheet) => sheet.text.includes(world.lea.givenName))!.codes[0]!;
    qrCookie = shareCookieOf(await world.request.get(sharePath(leaCode)));
  });

  const viewsOfLea = () => testDataSource().getRepository(PortfolioAccess).find({ where: { pupilId: world.lea.id }, order: { at: 'ASC' } });

  async function throughApi(before?: string): Promise<Shown> {
    const response = await world.request
      .get(`/api/v1/children/${world.lea.id}/timeline${before ? `?before=${before}` : ''}`)
      .set('Cookie', guardian.cookie)
      .set('Accept', 'application/json');
    expect(response.status, response.text).to.equal(200);
    const page = timelineResponse.parse(response.body);
    return { entryIds: page.entries.map((entry) => entry.id), mediumIds: page.entries.flatMap((entry) => entry.media.map((medium) => medium.id)), next: page.next };
  }

  async function throughPage(before?: string): Promise<Shown> {
    const response = await world.request.get(`/children/${world.lea.id}/portfolio${before ? `?before=${before}` : ''}`).set('Cookie', guardian.cookie);
    expect(response.status, response.text).to.equal(200);
    return shownInHtml(response.text, '/media/');
  }

  async function throughQrCode(before?: string): Promise<Shown> {
    const response = await world.request.get(`/shared${before ? `?before=${before}` : ''}`).set('Cookie', qrCookie);
    expect(response.status, response.text).to.equal(200);
    return shownInHtml(response.text, '/shared/media/');
  }

  it('gives the family the same entries, media and cursor on the page and through the API, page after page', async () => {
    const firstByApi = await throughApi();
    expect(firstByApi.entryIds).to.have.length(20);
    expect(firstByApi.next).to.be.a('string');
    expect(await throughPage()).to.deep.equal(firstByApi);

    const secondByApi = await throughApi(firstByApi.next!);
    // The 21 lessons and the entry with Léa's photo, minus the first page; the draft is nowhere.
    expect(secondByApi.entryIds).to.have.length(2);
    expect(secondByApi.entryIds).to.include(world.entries.published);
    expect(secondByApi.mediumIds).to.have.length(1);
    expect(secondByApi.next).to.equal(null);
    expect(await throughPage(firstByApi.next!)).to.deep.equal(secondByApi);
    expect([...firstByApi.entryIds, ...secondByApi.entryIds]).not.to.include(world.entries.draft);
  });

  it('gives a QR code holder the same published entries and cursor as the family', async () => {
    const first = await throughApi();
    expect(await throughQrCode()).to.deep.equal(first);
    expect(await throughQrCode(first.next!)).to.deep.equal(await throughApi(first.next!));
  });

  it('records each view once in the access history, naming the door it came through', async () => {
    const before = (await viewsOfLea()).length;
    const times: string[] = [];
    for (const view of [() => throughPage(), () => throughApi(), () => throughQrCode()]) {
      test.clock.advanceMinutes(1);
      times.push(test.clock.now().toISOString());
      await view();
    }
    const added = (await viewsOfLea()).slice(before);
    expect(added.map((view) => [view.channel, view.personId, view.grantId === null])).to.deep.equal([
      ['account', guardianId, true],
      ['account', guardianId, true],
      ['qr', null, false],
    ]);
    expect(added.map((view) => view.at.toISOString())).to.deep.equal(times);
  });

  it('records nothing when the viewer may not see the timeline', async () => {
    const before = (await viewsOfLea()).length;
    const stranger = await test.signIn(world.families.guardians[1]!.id);
    const refused = await world.request.get(`/api/v1/children/${world.lea.id}/timeline`).set('Cookie', stranger.cookie).set('Accept', 'application/json');
    expect(refused.status).to.equal(404);
    expect(await world.request.get(`/children/${world.lea.id}/portfolio`).set('Cookie', stranger.cookie).then((response) => response.status)).to.equal(404);
    expect(await viewsOfLea()).to.have.length(before);
  });
});

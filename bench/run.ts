/*
 * `npm run bench`: each benchmark against its raw baseline, in one run, on MariaDB.
 * BENCH_DATABASE_URL (default mysql://root@127.0.0.1:3306/ecarnet_bench) is emptied first.
 * BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_WARMUP_SECONDS and BENCH_ROUNDS tune the load.
 */
import { seedDemoSchool } from '../src/demo/seed-demo-school.js';
import { openBenchDatabase } from './bench-database.js';
import { loadOptionsFromEnv } from './harness.js';
import { benchParentPage } from './parent-page.js';
import { benchLtiLaunch } from './lti-launch.js';
import { benchRosterImport } from './identity-roster.js';
import { benchIdentitySignIns } from './identity-sign-in.js';
import { benchPhotoIngest } from './media-photo.js';
import { benchPortfolioTimeline } from './portfolio-timeline.js';
import { benchVideoUpload } from './media-upload.js';
import { benchKillDuringSends } from './messaging-kill.js';
import { seedBenchSchool } from './messaging-school.js';
import { benchMessagingSend } from './messaging-send.js';
import { startSmtpSink } from './smtp-sink.js';
import { seedPortfolioSchool } from './portfolio-seed.js';
import { benchSharingScan } from './sharing-scan.js';
import { benchRentreeSurge } from './surge.js';
import { benchMeetingsBooking } from './meetings-booking.js';
import { benchEngagement } from './engagement.js';

const THROUGHPUT_TARGET = 0.6;

const { dataSource, url: databaseUrl } = await openBenchDatabase();
await seedDemoSchool(dataSource, new Date());

const options = loadOptionsFromEnv({ connections: 32, seconds: 5, warmupSeconds: 3, rounds: 3 });
// BENCH_ONLY=messaging runs the messaging benchmarks alone; BENCH_ONLY=lti the LTI launches alone;
// BENCH_ONLY=meetings the meeting bookings alone; BENCH_ONLY=engagement the engagement page alone.
const only = process.env.BENCH_ONLY;
if (only === 'meetings') {
  const meetingsMet = await benchMeetingsBooking(dataSource, databaseUrl, await seedBenchSchool(dataSource));
  await dataSource.destroy();
  process.exit(meetingsMet || process.env.BENCH_ENFORCE !== '1' ? 0 : 1);
}
if (only === 'engagement') {
  const engagementMet = await benchEngagement(dataSource, databaseUrl, options);
  await dataSource.destroy();
  process.exit(engagementMet || process.env.BENCH_ENFORCE !== '1' ? 0 : 1);
}
if (only === 'lti') {
  const ltiMet = await benchLtiLaunch(dataSource, databaseUrl, options);
  await dataSource.destroy();
  process.stdout.write(`\nLTI launch targets — ${ltiMet ? 'met' : 'NOT met'}\n`);
  process.exit(ltiMet || process.env.BENCH_ENFORCE !== '1' ? 0 : 1);
}
const ratio = only === 'messaging' ? 1 : await benchParentPage(dataSource, databaseUrl, options);
const ltiMet = only === 'messaging' ? true : await benchLtiLaunch(dataSource, databaseUrl, options);
if (only !== 'messaging') await benchIdentitySignIns(databaseUrl);
const rosterMet = only === 'messaging' ? true : await benchRosterImport(dataSource);
let timelineMet = true;
let scanMet = true;
let surgeMet = true;
if (only !== 'messaging') {
  const seedStarted = Date.now();
  const seededPortfolio = await seedPortfolioSchool(dataSource, new Date());
  process.stdout.write(`\nPortfolio school seeded (1,000 children, 50,000 entries) in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s\n`);
  timelineMet = await benchPortfolioTimeline(dataSource, databaseUrl, options, seededPortfolio);
  scanMet = await benchSharingScan(dataSource, databaseUrl, options, seededPortfolio);
  surgeMet = await benchRentreeSurge(dataSource, databaseUrl, options, seededPortfolio);
}
const engagementMet = only === 'messaging' ? true : await benchEngagement(dataSource, databaseUrl, options);

const messagingSchool = await seedBenchSchool(dataSource);
const meetingsMet = await benchMeetingsBooking(dataSource, databaseUrl, messagingSchool);
const sink = await startSmtpSink();
const sendMet = await benchMessagingSend(dataSource, databaseUrl, messagingSchool, sink, Number(process.env.BENCH_MESSAGES ?? 300));
const killMet = await benchKillDuringSends(dataSource, databaseUrl, messagingSchool, sink);
await sink.close();
await dataSource.destroy();
// Media needs no database: photo ingest p50 and the server's RSS during a 300 MB upload.
const photoMet = only === 'messaging' ? true : await benchPhotoIngest();
const uploadMet = only === 'messaging' ? true : await benchVideoUpload();

const met = ratio >= THROUGHPUT_TARGET && sendMet && killMet;
if (only !== 'messaging') {
  process.stdout.write(`\nTarget: ≥ ${THROUGHPUT_TARGET * 100} % of the raw baseline's throughput — ${ratio >= THROUGHPUT_TARGET ? 'met' : 'NOT met'}\n`);
}
process.stdout.write(`Messaging targets — ${sendMet && killMet ? 'met' : 'NOT met'}\n`);
process.exit((met && meetingsMet && ltiMet && rosterMet && timelineMet && scanMet && surgeMet && engagementMet && photoMet && uploadMet) || process.env.BENCH_ENFORCE !== '1' ? 0 : 1);

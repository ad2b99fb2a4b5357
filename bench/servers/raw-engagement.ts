/*
 * Raw baseline for the engagement figures: node:http and mysql2 only, running the same SQL as
 * the module, but summing every receipt on each request where the module reads its per-message
 * summaries, and computing the same figures for a director (the school and every class),
 * answered as the same JSON as `GET /api/v1/schools/:id/engagement`. It leaves out what the
 * module adds: Express, the session, the actor and the policy, TypeORM, the logs.
 */
import http from 'node:http';
import type { RowDataPacket } from 'mysql2/promise';
import { readSchoolSettings } from '../../src/model/school-settings.js';
import { computeFigures, monthlyReadRates } from '../../src/engagement/figures.js';
import { ENGAGEMENT_PERIODS, periodSpan, schoolYearMonths, type EngagementPeriod } from '../../src/engagement/period.js';
import { readFamilyLines, readMessageCells } from '../../src/engagement/school-reach-facts.js';
import { familyGroup, readReachFacts } from '../../src/engagement/view-engagement.js';
import type { RawQueries } from '../../src/db/row-reader.js';
import { rawPool as pool } from './raw-pool.js';

const database: RawQueries = {
  query: async (sql, parameters) => (await pool.query(sql, parameters))[0],
};

async function figures(schoolId: string, period: EngagementPeriod): Promise<unknown> {
  const [schools] = await pool.query<RowDataPacket[]>('SELECT timezone, settingsJson FROM school WHERE id = ?', [schoolId]);
  const school = schools[0] as { timezone: string; settingsJson: string };
  const now = new Date();
  const span = periodSpan(period, now, school.timezone);
  const families = await readFamilyLines(database, schoolId, now);
    // The raw way: every receipt read and summed on each request, no summaries.
  const { facts, trendCells } = await readReachFacts(database, 'mysql', schoolId, families, span.start, periodSpan('year', now, school.timezone).start, now, (from, to) =>
    readMessageCells(database, 'mysql', schoolId, from, to),
  );
  const frame = { start: span.start, now, featureEveryDays: readSchoolSettings(school).portfolio.featureEveryDays };
  const months = schoolYearMonths(now, school.timezone);
  const classNames = new Map(families.map((line) => [line.classId, line.className]));
  const everyone = familyGroup(families, null);
  const collator = new Intl.Collator('fr', { numeric: true });
  return {
    period,
    start: span.start.toISOString(),
    end: span.end.toISOString(),
    featureEveryDays: frame.featureEveryDays,
    school: { figures: computeFigures(facts, everyone, frame), trend: monthlyReadRates(trendCells, families, everyone, months) },
    classes: [...classNames]
      .map(([classId, className]) => {
        const group = familyGroup(families, classId);
        return { classId, className, figures: computeFigures(facts, group, frame), trend: monthlyReadRates(trendCells, families, group, months) };
      })
      .sort((a, b) => collator.compare(a.className, b.className)),
    paperCopiesRecorded: false,
  };
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const period = ENGAGEMENT_PERIODS.find((value) => value === url.searchParams.get('period')) ?? 'trimester';
  figures(url.searchParams.get('school') ?? '', period).then(
    (body) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    },
    (error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    },
  );
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});

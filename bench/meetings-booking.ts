/*
 * Booking opens and every family tries at once: 500 families book concurrently on 60 slots
 * through `bookSlot` (the door the page and the API call), each loser trying again at once on a
 * slot the answer said was free, until booked or none is left. Beside it, in the same run, a raw
 * mysql2 baseline does the same conditional insert (the unique live slot) and the same "what is
 * still free" read on a second set of 60 slots. Prints p50/p99 per answer, bookings made, and
 * checks that no slot was booked twice. `npm run bench` runs it; BENCH_ONLY=meetings alone.
 */
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { systemClock } from '../src/clock.js';
import { sqlInstant } from '../src/db/sql-values.js';
import { bookSlot } from '../src/meetings/book-slot.js';
import { newId } from '../src/model/columns.js';
import { loadActor } from '../src/policy/load-actor.js';
import type { BenchSchool } from './messaging-school.js';

const FAMILIES = 500;
const SLOTS = 60;
const P99_TARGET_MS = 200;

interface Family {
  readonly pupilId: string;
  readonly guardianId: string;
}

/** A round of `SLOTS` slots tomorrow onwards for these families, invited, open for booking now. */
async function seedRound(dataSource: DataSource, school: BenchSchool, families: readonly Family[], now: Date): Promise<string[]> {
  const campaignId = newId();
  await dataSource.query(
    `INSERT INTO meeting_campaign (id, schoolId, createdBy, title, classId, bookingOpensAt, bookingClosesAt, informationOnlyInvited, status, createdAt)
     VALUES (?, ?, ?, 'Rencontres de mesure', NULL, ?, ?, 0, 'open', ?)`,
    [campaignId, school.schoolId, school.teacherId, sqlInstant(new Date(now.getTime() - 60_000)), sqlInstant(new Date(now.getTime() + 7 * 86_400_000)), sqlInstant(now)],
  );
  await dataSource.query('INSERT INTO meeting_host (campaignId, hostId) VALUES (?, ?)', [campaignId, school.teacherId]);
  const slotIds: string[] = [];
  for (let index = 0; index < SLOTS; index += 1) {
    const id = newId();
    const startsAt = new Date(now.getTime() + 2 * 86_400_000 + index * 20 * 60_000);
    await dataSource.query(`INSERT INTO meeting_slot (id, campaignId, startsAt, endsAt, placeKind, placeDetail, status, createdAt) VALUES (?, ?, ?, ?, 'inPerson', 'Salle 1', 'open', ?)`, [
      id, campaignId, sqlInstant(startsAt), sqlInstant(new Date(startsAt.getTime() + 20 * 60_000)), sqlInstant(now),
    ]);
    slotIds.push(id);
  }
  for (let start = 0; start < families.length; start += 250) {
    const slice = families.slice(start, start + 250);
    await dataSource.query(`INSERT INTO meeting_invitation (id, campaignId, pupilId, guardianId, messageId, invitedAt) VALUES ${slice.map(() => '(?, ?, ?, ?, NULL, ?)').join(',')}`,
      slice.flatMap((family) => [newId(), campaignId, family.pupilId, family.guardianId, sqlInstant(now)]));
  }
  return slotIds;
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

/** Runs every family at once; `attempt` answers the free slots when it lost. Returns each answer's time. */
async function race(families: readonly Family[], firstSlots: readonly string[], attempt: (family: Family, slotId: string) => Promise<readonly string[] | null>): Promise<{ times: number[]; booked: number }> {
  const times: number[] = [];
  let booked = 0;
  await Promise.all(families.map(async (family) => {
    let slotId: string | undefined = pick(firstSlots);
    while (slotId) {
      const started = performance.now();
      const free = await attempt(family, slotId);
      times.push(performance.now() - started);
      if (free === null) {
        booked += 1;
        return;
      }
      slotId = free.length > 0 ? pick(free) : undefined;
    }
  }));
  return { times: times.sort((a, b) => a - b), booked };
}

async function doubleBooked(dataSource: DataSource, slotIds: readonly string[]): Promise<number> {
  const rows = (await dataSource.query(`SELECT COUNT(*) AS n FROM meeting_booking WHERE status = 'booked' AND slotId IN (${slotIds.map(() => '?').join(',')}) GROUP BY slotId HAVING COUNT(*) > 1`, [...slotIds])) as unknown[];
  return rows.length;
}

/** The benchmark; true when its p99 is within the target and no slot was booked twice. */
export async function benchMeetingsBooking(dataSource: DataSource, databaseUrl: string, school: BenchSchool): Promise<boolean> {
  const now = new Date();
  const rows = (await dataSource.query(
    `SELECT g.childId AS pupilId, MIN(g.guardianId) AS guardianId FROM guardianship g WHERE g.schoolId = ? GROUP BY g.childId ORDER BY g.childId LIMIT ${FAMILIES * 2}`,
    [school.schoolId],
  )) as Family[];
  const subjectFamilies = rows.slice(0, FAMILIES);
  const baselineFamilies = rows.slice(FAMILIES, FAMILIES * 2).length === FAMILIES ? rows.slice(FAMILIES, FAMILIES * 2) : subjectFamilies;
  const subjectSlots = await seedRound(dataSource, school, subjectFamilies, now);
  const baselineSlots = await seedRound(dataSource, school, baselineFamilies, now);
  const actors = new Map(await Promise.all(subjectFamilies.map(async (family) => [family.guardianId, await loadActor(dataSource, family.guardianId, now)] as const)));

  const subject = await race(subjectFamilies, subjectSlots, async (family, slotId) => {
    const outcome = await bookSlot({ dataSource, clock: systemClock }, actors.get(family.guardianId)!, slotId, { pupilId: family.pupilId, together: false, companions: [] });
    return outcome.outcome === 'booked' ? null : outcome.freeSlots.map((slot) => slot.id);
  });

  const campaignOf = ((await dataSource.query('SELECT campaignId FROM meeting_slot WHERE id = ?', [baselineSlots[0]])) as { campaignId: string }[])[0]!.campaignId;
  const pool = mysql.createPool({ uri: databaseUrl, connectionLimit: 20, dateStrings: true });
  const baseline = await race(baselineFamilies, baselineSlots, async (family, slotId) => {
    try {
      await pool.query(
        `INSERT INTO meeting_booking (id, campaignId, slotId, liveSlotId, pupilId, bookedBy, together, companionsJson, status, sequence, createdAt) VALUES (?, ?, ?, ?, ?, ?, 0, '[]', 'booked', 0, ?)`,
        [newId(), campaignOf, slotId, slotId, family.pupilId, family.guardianId, sqlInstant(new Date())],
      );
      return null;
    } catch (error) {
      if ((error as { code?: string }).code !== 'ER_DUP_ENTRY') throw error;
      const [free] = await pool.query(`SELECT s.id AS id FROM meeting_slot s LEFT JOIN meeting_booking b ON b.liveSlotId = s.id WHERE s.campaignId = ? AND s.status = 'open' AND b.id IS NULL`, [campaignOf]);
      return (free as { id: string }[]).map((row) => row.id);
    }
  });
  await pool.end();

  const doubles = (await doubleBooked(dataSource, subjectSlots)) + (await doubleBooked(dataSource, baselineSlots));
  const line = (name: string, result: { times: number[]; booked: number }) =>
    `  ${name.padEnd(22)} answers ${String(result.times.length).padStart(5)}  booked ${String(result.booked).padStart(3)}/${SLOTS}  p50 ${percentile(result.times, 50).toFixed(1).padStart(7)} ms  p99 ${percentile(result.times, 99).toFixed(1).padStart(7)} ms\n`;
  process.stdout.write(`\nMeetings: ${FAMILIES} families booking at once on ${SLOTS} slots (MariaDB)\n`);
  process.stdout.write(line('e-carnet bookSlot', subject));
  process.stdout.write(line('raw mysql2 insert', baseline));
  const p99 = percentile(subject.times, 99);
  const met = doubles === 0 && subject.booked === SLOTS && p99 <= P99_TARGET_MS;
  process.stdout.write(`  slots booked twice: ${doubles}; target p99 ≤ ${P99_TARGET_MS} ms — ${met ? 'met' : 'NOT met'}\n`);
  return met;
}

import type { EntityManager } from 'typeorm';
import { newId } from '../model/columns.js';
import { MeetingSlot } from '../model/meeting.js';
import type { PlannedSlot } from './check-slots.js';

/** Writes checked slots of a campaign, inside the caller's transaction; returns their ids. */
export async function insertSlots(manager: EntityManager, campaignId: string, slots: readonly PlannedSlot[], now: Date): Promise<string[]> {
  const rows = slots.map((slot): MeetingSlot => Object.assign(new MeetingSlot(), { id: newId(), campaignId, ...slot, status: 'open', createdAt: now }));
  if (rows.length > 0) await manager.getRepository(MeetingSlot).insert(rows);
  return rows.map((row) => row.id);
}

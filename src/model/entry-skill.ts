import { Entity } from 'typeorm';
import { CodeColumn, RefColumn, RefKeyColumn } from './columns.js';

/** The progress scale, from "not yet" to "beyond what is expected". */
export const SKILL_LEVELS = ['notYet', 'inProgress', 'achieved', 'beyond'] as const;
export type SkillLevel = (typeof SKILL_LEVELS)[number];

/** An entry gives evidence of a skill, at a level for the children it is about. */
@Entity('entry_skill')
export class EntrySkill {
  @RefKeyColumn({ references: 'portfolio_entry', onDelete: 'CASCADE' }) entryId: string;
  @RefKeyColumn({ references: 'skill', onDelete: 'CASCADE' }) skillId: string;
  @RefColumn() schoolId: string;
  @CodeColumn(16) level: SkillLevel;
}

import { Column, Entity, Index } from 'typeorm';
import { CalendarDateColumn, IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/**
 * A survey of the school's families (equipment and digital skills), launched by the director from
 * the template, open until `closesOn` (the last day, in the school's time zone) or until closed.
 */
@Entity('survey')
@Index('ix_survey_school', ['schoolId', 'createdAt'])
export class Survey {
  @IdColumn() id: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @TextColumn(200) title: string;
  /** The template's question codes the director kept, in order (JSON array). */
  @Column({ type: 'text' }) questionsJson: string;
  @CalendarDateColumn() closesOn: string;
  @InstantColumn({ nullable: true }) closedAt: Date | null;
  @RefColumn({ nullable: true }) createdBy: string | null;
  @InstantColumn() createdAt: Date;
}

/**
 * "This family has answered" (or holds a paper form's code): one row per survey and family, so a
 * second answer is refused, and nothing that points to the answer itself. `familyKey` is the
 * smallest id among the family's children; the code's hash is erased once the code is used.
 */
@Entity('survey_ballot')
@Index('ux_survey_ballot_family', ['surveyId', 'familyKey'], { unique: true })
@Index('ux_survey_ballot_code', ['codeHash'], { unique: true })
export class SurveyBallot {
  @IdColumn() id: string;
  @RefColumn({ references: 'survey', onDelete: 'CASCADE' }) surveyId: string;
  @RefColumn() familyKey: string;
  @Column({ type: 'boolean', default: false }) used: boolean;
  @TextColumn(64, { nullable: true }) codeHash: string | null;
}

/**
 * One family's answers, without person, family or time: only the classes of its children, so a
 * class's teachers see their class's aggregate. Rows are rewritten in random order on each new
 * answer, so their order tells nothing either.
 */
@Entity('survey_answer')
@Index('ix_survey_answer_survey', ['surveyId'])
export class SurveyAnswer {
  @IdColumn() id: string;
  @RefColumn({ references: 'survey', onDelete: 'CASCADE' }) surveyId: string;
  @Column({ type: 'text' }) classIdsJson: string;
  /** Question code → chosen option codes (JSON object). */
  @Column({ type: 'text' }) answersJson: string;
}

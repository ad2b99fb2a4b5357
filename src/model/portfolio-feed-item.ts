import { Entity, Index } from 'typeorm';
import { InstantColumn, RefColumn, RefKeyColumn } from './columns.js';

/**
 * One line of a child's timeline: the entry concerns this child (named in it, or in the class
 * when a class moment was scheduled). Written when an entry is scheduled or published and
 * deleted when it is withdrawn, so a timeline is one index range, whatever the school's size.
 */
@Entity('portfolio_feed_item')
@Index('ix_portfolio_feed_families', ['pupilId', 'familiesSeeAt', 'entryId'])
@Index('ix_portfolio_feed_entry', ['entryId'])
export class PortfolioFeedItem {
  @RefKeyColumn({ references: 'person', onDelete: 'CASCADE' }) pupilId: string;
  @RefKeyColumn({ references: 'portfolio_entry', onDelete: 'CASCADE' }) entryId: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @InstantColumn() publishAt: Date;
  @InstantColumn() familiesSeeAt: Date;
}

import { AppError, notFound } from '../http/errors.js';
import type { EntryState } from '../model/portfolio-entry.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import type { ClassContext } from './class-context.js';

/**
 * How the actor's post to a class's portfolio starts, as the policy decides: a teacher's as a
 * draft, a pupil's waiting for the teacher's approval. Anyone else gets NOT_FOUND; a pupil of the
 * class whose school keeps pupils' posts closed is told why instead. Uploads and entries ask the
 * same question, so a file cannot get in where its entry would not.
 */
export function postingState(actor: Actor, klass: ClassContext): Extract<EntryState, 'draft' | 'pendingApproval'> {
  const resource = {
    kind: 'classPortfolio',
    schoolId: klass.schoolId,
    classId: klass.classId,
    pupilPostsAllowed: klass.settings.portfolio.pupilPostsAllowed,
  } as const;
  if (can(actor, 'post', resource)) return 'draft';
  if (can(actor, 'contribute', resource)) return 'pendingApproval';
  // Would the school's setting let them in? Then they are of the class, and may learn it is closed.
  if (can(actor, 'contribute', { ...resource, pupilPostsAllowed: true })) throw new AppError('PORTFOLIO_PUPIL_POSTS_DISABLED');
  throw notFound();
}

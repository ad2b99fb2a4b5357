import { Router } from 'express';
import { In } from 'typeorm';
import { z } from 'zod';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { schoolParams } from '../http/route-params.js';
import { validated } from '../http/validated.js';
import { Person } from '../model/person.js';
import { answerDataRequest, dataRequestAnswerInput, listDataRequests } from './data-requests.js';

const answerParams = z.object({ schoolId: z.uuid(), requestId: z.uuid() });

/**
 * `/schools/:schoolId/data-requests`: the head of school's register of rectification and erasure
 * requests, open ones first with their deadline, and the form answering each (the same doors as
 * the API). Requests are recorded through the API, from what the family wrote.
 */
export function createDataRequestsRouter(context: ModuleContext): Router {
  const router = Router();
  const signedIn = requireSignIn(context.dataSource, context.clock);

  router.get('/schools/:schoolId/data-requests', signedIn, validated({ params: schoolParams }, async ({ params: { schoolId } }, req, res) => {
    const requests = await listDataRequests(context, actorOf(req), schoolId);
    const ids = [...new Set(requests.flatMap((request) => [request.requesterId, request.subjectId]))];
    const people = ids.length === 0 ? [] : await context.dataSource.getRepository(Person).findBy({ id: In(ids) });
    const nameOf = (id: string) => {
      const person = people.find((candidate) => candidate.id === id);
      return person ? `${person.givenName} ${person.familyName}` : '';
    };
    res.set('Cache-Control', 'private, no-store').render('family-data/requests', {
      title: req.t('dataRequests.title'),
      schoolId,
      answered: req.query.answered === '1',
      requests: requests.map((request) => ({ ...request, requesterName: nameOf(request.requesterId), subjectName: nameOf(request.subjectId), open: request.status === 'open' })),
    });
  }));

  router.post('/schools/:schoolId/data-requests/:requestId/answer', signedIn, validated({ params: answerParams, body: dataRequestAnswerInput.extend({ _csrf: z.string().optional() }) }, async ({ params: { schoolId, requestId }, body }, req, res) => {
    await answerDataRequest(context, actorOf(req), requestId, { status: body.status, answer: body.answer });
    res.redirect(303, `${req.basePath}/schools/${schoolId}/data-requests?answered=1`);
  }));

  return router;
}

import { z } from 'zod';
import { defineRoute, type ApiRoute } from '../api/api-route.js';
import { actorOf } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { schoolParams } from '../http/route-params.js';
import { DATA_REQUEST_KINDS, DATA_REQUEST_STATUSES } from '../model/data-request.js';
import { answerDataRequest, dataRequestAnswerInput, dataRequestInput, listDataRequests, recordDataRequest, type DataRequestView } from './data-requests.js';

const requestParams = z.object({ requestId: z.uuid() });

const dataRequestResponse = z.strictObject({
  id: z.uuid(),
  requesterId: z.uuid(),
  subjectId: z.uuid(),
  kind: z.enum(DATA_REQUEST_KINDS),
  details: z.string(),
  status: z.enum(DATA_REQUEST_STATUSES),
  receivedAt: z.iso.datetime(),
  dueAt: z.iso.datetime().meta({ description: 'One month after it was received' }),
  overdue: z.boolean(),
  answeredAt: z.iso.datetime().nullable(),
  answer: z.string().nullable(),
});

const json = (request: DataRequestView) => ({
  ...request,
  receivedAt: request.receivedAt.toISOString(),
  dueAt: request.dueAt.toISOString(),
  answeredAt: request.answeredAt?.toISOString() ?? null,
});

/** The head of school's register of rectification and erasure requests, in `/api/v1`. */
export function familyDataApiRoutes(context: ModuleContext): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/schools/:schoolId/data-requests',
      summary: "The school's rectification and erasure requests, open ones first, with their deadline (director)",
      tag: 'family data',
      signedIn: true,
      params: schoolParams,
      response: z.strictObject({ requests: z.array(dataRequestResponse) }),
      async handle({ params: { schoolId } }, req, res) {
        res.json({ requests: (await listDataRequests(context, actorOf(req), schoolId)).map(json) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/schools/:schoolId/data-requests',
      summary: 'Record a rectification or erasure request a family made (director); due one month later',
      tag: 'family data',
      signedIn: true,
      params: schoolParams,
      body: dataRequestInput,
      response: dataRequestResponse,
      async handle({ params: { schoolId }, body }, req, res) {
        res.status(201).json(json(await recordDataRequest(context, actorOf(req), schoolId, body)));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/data-requests/:requestId',
      summary: 'Answer an open request: done, or refused with the reason told to the family (director)',
      tag: 'family data',
      signedIn: true,
      params: requestParams,
      body: dataRequestAnswerInput,
      response: dataRequestResponse,
      async handle({ params: { requestId }, body }, req, res) {
        res.json(json(await answerDataRequest(context, actorOf(req), requestId, body)));
      },
    }),
  ];
}

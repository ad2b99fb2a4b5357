import { defineRoute, type ApiRoute } from '../api/api-route.js';
import { actorOf } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { classParams, messageParams, pupilParams } from '../http/route-params.js';
import { printWelcomeLetters } from './welcome/print-welcome-letters.js';
import { bookletInput, printBooklet } from './booklet/print-booklet.js';
import { paperAnswerInput, paperChannelInput, paperChannelResponse, paperQuery, paperRecipientsResponse, printInput } from './inputs.js';
import { choosePaperChannel, loadPaperChannel } from './paper-channel.js';
import { listPaperRecipients } from './paper-recipients.js';
import { printPaperCopies } from './print-paper-copies.js';
import { recordPaperAnswer } from './record-paper-answer.js';

/** The paper endpoints of `/api/v1`: who needs paper, printing the copies, answers from slips, a person's channel. */
export function paperApiRoutes(context: ModuleContext): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/messages/:messageId/paper',
      summary: 'The guardians an important message reached, and which of them need a paper copy (chose paper, or not read after `hours`)',
      tag: 'messaging',
      signedIn: true,
      params: messageParams,
      query: paperQuery,
      response: paperRecipientsResponse,
      async handle({ params: { messageId }, query: { hours } }, req, res) {
        const { recipients } = await listPaperRecipients(context.messaging, actorOf(req), messageId, hours);
        res.json({
          messageId,
          notReadForHours: hours,
          recipients: recipients.map((recipient) => ({
            personId: recipient.personId,
            name: `${recipient.givenName} ${recipient.familyName}`,
            childName: `${recipient.childGivenName} ${recipient.childFamilyName}`,
            language: recipient.language,
            readAt: recipient.readAt?.toISOString() ?? null,
            answer: recipient.answer,
            answeredOnPaper: recipient.answeredOnPaper,
            reason: recipient.reason,
          })),
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/messages/:messageId/paper-copies',
      summary: 'Print the paper copies (one PDF) for the guardians who need one; each carries a new single-use code',
      tag: 'messaging',
      signedIn: true,
      params: messageParams,
      body: printInput,
      download: 'application/pdf',
      async handle({ params: { messageId }, body: { hours } }, req, res) {
        const { pdf } = await printPaperCopies(context, actorOf(req), messageId, hours);
        res.set('Cache-Control', 'private, no-store').type('application/pdf').attachment('paper-copies.pdf').send(pdf);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/messages/:messageId/paper-answers',
      summary: "Record a guardian's answer brought back on a paper reply slip",
      tag: 'messaging',
      signedIn: true,
      params: messageParams,
      body: paperAnswerInput,
      async handle({ params: { messageId }, body: { guardianId, answer } }, req, res) {
        await recordPaperAnswer(context.messaging, actorOf(req), messageId, guardianId, answer);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'get',
      path: '/me/paper-channel',
      summary: 'Whether the signed-in person asked for paper copies of important messages',
      tag: 'messaging',
      signedIn: true,
      response: paperChannelResponse,
      async handle(_input, req, res) {
        res.json({ paper: await loadPaperChannel(context, actorOf(req)) });
      },
    }),
    defineRoute({
      method: 'put',
      path: '/me/paper-channel',
      summary: 'Choose (or stop choosing) paper copies of important messages',
      tag: 'messaging',
      signedIn: true,
      body: paperChannelInput,
      response: paperChannelResponse,
      async handle({ body: { paper } }, req, res) {
        await choosePaperChannel(context, actorOf(req), paper);
        res.json({ paper });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/children/:pupilId/booklet',
      summary: "A child's portfolio booklet for a period (PDF, in the family's language), optionally with a new QR code",
      tag: 'portfolio',
      signedIn: true,
      params: pupilParams,
      body: bookletInput,
      download: 'application/pdf',
      async handle({ params: { pupilId }, body }, req, res) {
        const pdf = await printBooklet(context, actorOf(req), pupilId, body);
        res.set('Cache-Control', 'private, no-store').type('application/pdf').attachment('portfolio-booklet.pdf').send(pdf);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/classes/:classId/welcome-letters',
      summary: "The class's welcome letters (PDF): one page per child, in the family's language, with pictograms; no code is issued",
      tag: 'sharing',
      signedIn: true,
      params: classParams,
      download: 'application/pdf',
      async handle({ params: { classId } }, req, res) {
        const pdf = await printWelcomeLetters(context, actorOf(req), classId);
        res.set('Cache-Control', 'private, no-store').type('application/pdf').attachment('welcome-letters.pdf').send(pdf);
      },
    }),
  ];
}

import { Router, type Response } from 'express';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { parseInput } from '../http/parse-input.js';
import { messageParams } from '../http/route-params.js';
import { validated } from '../http/validated.js';
import { paperAnswerInput, paperQuery, printInput } from './inputs.js';
import { choosePaperChannel, loadPaperChannel } from './paper-channel.js';
import { listPaperRecipients } from './paper-recipients.js';
import { printPaperCopies } from './print-paper-copies.js';
import { recordPaperAnswer } from './record-paper-answer.js';
import { asksAnswer } from './important-message.js';

type FormBody = Record<string, string | undefined>;
const STYLESHEETS = ['/static/messaging.css'];

/**
 * The school's side of paper copies, as pages: the sender's paper page (who needs paper, the PDF,
 * answers brought back on reply slips), and a person's choice of paper as their channel.
 */
export function createPaperCopiesRouter(context: ModuleContext): Router {
  const router = Router();
  const { dataSource, clock } = context;
  const signedIn = requireSignIn(dataSource, clock);
  const noStore = (res: Response) => res.set('Cache-Control', 'private, no-store');

  router.get('/messages/:messageId/paper', signedIn, validated({ params: messageParams, query: paperQuery }, async ({ params: { messageId }, query: { hours } }, req, res) => {
    const { message, recipients } = await listPaperRecipients(context.messaging, actorOf(req), messageId, hours);
    noStore(res).render('paper/paper', {
      title: req.t('paper.page.title'),
      stylesheets: STYLESHEETS,
      messageId,
      subject: message.subject,
      hours,
      asks: asksAnswer(message),
      recorded: req.query.recorded === '1',
      needing: recipients.filter((recipient) => recipient.reason !== null).length,
      recipients: recipients.map((recipient) => ({
        personId: recipient.personId,
        name: `${recipient.givenName} ${recipient.familyName}`,
        childName: `${recipient.childGivenName} ${recipient.childFamilyName}`,
        reasonLabel: recipient.reason ? req.t(`paper.reason.${recipient.reason}`) : null,
        answerLabel: recipient.answer ? req.t(`messaging.answer.${recipient.answer}`) : null,
        answeredOnPaper: recipient.answeredOnPaper,
      })),
    });
  }));

  // Printing issues new codes (only hashes are kept): a copy printed before stops working.
  router.post('/messages/:messageId/paper-copies', signedIn, validated({ params: messageParams }, async ({ params: { messageId } }, req, res) => {
    const { hours } = parseInput(printInput, { hours: (req.body as FormBody).hours });
    const { pdf } = await printPaperCopies(context, actorOf(req), messageId, hours);
    noStore(res).type('application/pdf').attachment('paper-copies.pdf').send(pdf);
  }));

  router.post('/messages/:messageId/paper-answers', signedIn, validated({ params: messageParams }, async ({ params: { messageId } }, req, res) => {
    const body = req.body as FormBody;
    const input = parseInput(paperAnswerInput, { guardianId: body.guardianId, answer: body.answer });
    await recordPaperAnswer(context.messaging, actorOf(req), messageId, input.guardianId, input.answer);
    res.redirect(303, `${req.basePath}/messages/${messageId}/paper?recorded=1`);
  }));

  router.get('/paper-channel', signedIn, async (req, res) => {
    noStore(res).render('paper/channel', {
      title: req.t('paper.channel.title'),
      stylesheets: STYLESHEETS,
      paper: await loadPaperChannel(context, actorOf(req)),
      saved: req.query.saved === '1',
    });
  });
  router.post('/paper-channel', signedIn, async (req, res) => {
    await choosePaperChannel(context, actorOf(req), (req.body as FormBody).paper === 'on');
    res.redirect(303, `${req.basePath}/paper-channel?saved=1`);
  });


  return router;
}

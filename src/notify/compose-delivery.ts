import { createHash } from 'node:crypto';
import { bidiIsolate } from '../i18n/bidi-isolate.js';
import { pickLanguage } from '../i18n/languages.js';
import type { Translator } from '../i18n/translator.js';
import type { Delivery } from './channels/channel.js';
import type { ClaimedJob } from './claim-jobs.js';

/**
 * The words of one notification, in the recipient's language. It names the sender and the kind
 * of message, never its content: what concerns a child stays inside the school's e-carnet.
 * Names are bidi-isolated, so a French name in an Arabic sentence (or the reverse) keeps its place.
 */
export function composeDelivery(jobs: readonly ClaimedJob[], translator: Translator, baseUrl: string): Delivery {
  const first = jobs[0]!;
  const t = translator.forLanguage(pickLanguage([first.language]));
  const single = jobs.length === 1;
  // A digest's id is derived from its jobs: the same jobs retried give the same id.
  const id = single ? first.id : createHash('sha256').update(jobs.map((job) => job.id).sort().join(',')).digest('hex').slice(0, 36);
  const what = (job: ClaimedJob) => t(`messaging.notify.kind.${job.requestKind ?? job.kind}`);
  const title = single
    ? t(first.urgent ? 'messaging.notify.urgentTitle' : 'messaging.notify.title', { sender: bidiIsolate(first.senderName), what: what(first) })
    : t('messaging.notify.digestTitle', { count: jobs.length });
  const text = single
    ? t('messaging.notify.text', { sender: bidiIsolate(first.senderName), what: what(first) })
    : jobs.map((job) => `• ${t('messaging.notify.text', { sender: bidiIsolate(job.senderName), what: what(job) })}`).join('\n');
  return {
    id,
    channel: first.channel,
    recipient: { personId: first.recipientId, name: first.recipientName, email: first.email, language: first.language },
    messages: jobs.map((job) => ({ messageId: job.messageId, senderName: job.senderName, subject: job.subject, kind: job.kind, urgent: job.urgent })),
    link: single ? `${baseUrl}/messages/${first.messageId}` : `${baseUrl}/messages`,
    title,
    text,
  };
}

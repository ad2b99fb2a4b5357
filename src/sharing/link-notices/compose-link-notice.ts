import { createHash } from 'node:crypto';
import { bidiIsolate } from '../../i18n/bidi-isolate.js';
import type { Translator } from '../../i18n/translator.js';
import type { Delivery } from '../../notify/channels/channel.js';
import type { LinkNoticeContext } from './notice-context.js';

/**
 * The e-mail telling a link holder that the child's portfolio has news, in the link's language.
 * It carries nothing of the portfolio — no title, comment, photo, nor another child's name — and
 * no way into it: only the token's hash is kept, so the holder is asked to open the link they were
 * given. Its one address is the unsubscribe one (it goes where the channel puts a notification's
 * link, at the end of the text).
 */
export function composeLinkNotice(context: LinkNoticeContext, noticeIds: readonly string[], unsubscribeUrl: string, translator: Translator): Delivery {
  const t = translator.forLanguage(context.language);
  // The child's first name only, not the school: an address mistyped by the guardian reaches a
  // stranger, who learns no more than that a child so named has a portfolio somewhere.
  // Isolated: a French name in an Arabic sentence keeps its place.
  const names = { name: bidiIsolate(context.childGivenName) };
  return {
    // Derived from the notices it carries: the same notices retried give the same Message-ID.
    id: createHash('sha256').update([...noticeIds].sort().join(',')).digest('hex').slice(0, 36),
    channel: 'email',
    // A link holder is nobody in the directory: the link stands for them, and their name is not ours to know.
    recipient: { personId: context.grantId, name: '', email: context.email, language: context.language },
    messages: [],
    link: unsubscribeUrl,
    unsubscribeUrl,
    title: t('sharing.notice.subject', names),
    text: [t('sharing.notice.greeting'), t('sharing.notice.news', names), t('sharing.notice.open'), t('sharing.notice.why'), t('sharing.notice.stop')].join('\n\n'),
  };
}

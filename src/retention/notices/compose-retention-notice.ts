import { pickLanguage } from '../../i18n/languages.js';
import type { Translator } from '../../i18n/translator.js';
import type { Delivery } from '../../notify/channels/channel.js';
import type { ClaimedRetentionNotice } from './claim-retention-notices.js';
import { dateTimeFormat } from '../../i18n/intl-formats.js';

/**
 * The e-mail telling a guardian that their child's portfolio will be deleted on a date, with the
 * address where they download it until then, in their language. Its id is the notice row's, so a
 * retry carries the same Message-ID.
 */
export function composeRetentionNotice(notice: ClaimedRetentionNotice, translator: Translator, baseUrl: string): Delivery {
  const language = pickLanguage([notice.language]);
  const t = translator.forLanguage(language);
  const date = dateTimeFormat(language, { dateStyle: 'long', timeZone: notice.timezone }).format(notice.deleteAfter);
  const link = `${baseUrl}/children/${notice.pupilId}/portfolio.zip`;
  const words = { child: notice.childName, date, school: notice.schoolName };
  return {
    id: notice.id,
    channel: 'email',
    recipient: { personId: notice.guardianId, name: notice.guardianName, email: notice.email, language },
    messages: [],
    link,
    title: t('retention.notice.subject', words),
    text: [
      t('retention.notice.greeting', { name: notice.guardianGivenName }),
      t('retention.notice.body', words),
      `${t('retention.notice.download')}\n${link}`,
      t('retention.notice.why', words),
    ].join('\n\n'),
  };
}

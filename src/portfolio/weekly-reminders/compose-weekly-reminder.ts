import type { Translator } from '../../i18n/translator.js';
import type { Delivery } from '../../notify/channels/channel.js';
import type { RhythmReminder } from '../rhythm-reminders.js';
import type { WeeklyReminderContext } from './reminder-context.js';
import { dateTimeFormat } from '../../i18n/intl-formats.js';

/** The page where the teacher turns the reminder off, under the module's base URL. */
const PREFERENCES_PATH = '/messages/preferences';

/**
 * The teacher's weekly e-mail: per class, the next publication slot (in the school's time zone),
 * how many children were not featured for the school's `featureEveryDays` with the first names of
 * up to five, and the address of the class's portfolio. Its id is the reminder row's, so a retry
 * carries the same Message-ID and mail systems can drop a repeat.
 */
export function composeWeeklyReminder(reminderId: string, context: WeeklyReminderContext, translator: Translator, baseUrl: string): Delivery {
  const t = translator.forLanguage(context.language);
  const classBlock = (reminder: RhythmReminder): string => {
    const slot = reminder.nextSlot
      ? t('portfolio.weeklyReminder.nextSlot', { when: slotTime(context.language, reminder.timezone, reminder.nextSlot) })
      : t('portfolio.weeklyReminder.noSlot');
    const names = [...reminder.dueNames, ...(reminder.dueCount > reminder.dueNames.length ? ['…'] : [])].join(', ');
    const due =
      reminder.dueCount > 0
        ? t('portfolio.weeklyReminder.toFeature', { count: reminder.dueCount, days: reminder.featureEveryDays, names })
        : t('portfolio.weeklyReminder.upToDate');
    return [reminder.className, slot, due, `${baseUrl}/classes/${reminder.classId}/portfolio`].join('\n');
  };
  return {
    id: reminderId,
    channel: 'email',
    recipient: { personId: context.teacherId, name: context.name, email: context.email, language: context.language },
    messages: [],
    // The channel ends the e-mail with this address, right after the sentence telling how to stop it.
    link: `${baseUrl}${PREFERENCES_PATH}`,
    title: t('portfolio.weeklyReminder.subject'),
    text: [
      t('portfolio.weeklyReminder.greeting', { name: context.givenName }),
      t('portfolio.weeklyReminder.intro'),
      ...context.reminders.map(classBlock),
      t('portfolio.weeklyReminder.why'),
    ].join('\n\n'),
  };
}

/** "vendredi 27 novembre à 16:30" as the class's families read it on their clocks. */
function slotTime(language: string, timeZone: string, slot: Date): string {
  return dateTimeFormat(language, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone }).format(slot);
}

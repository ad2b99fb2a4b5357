import type { Translate } from '../i18n/translate.js';
import type { Figures, MonthRate, ShownDelay } from './figures.js';
import type { ShownCount, ShownRate } from './small-groups.js';

/** One figure in words: its label and its value as a person reads it. */
export interface FigureLine {
  readonly key: string;
  readonly label: string;
  readonly value: string;
}

/** A count as words: "12", or "fewer than 5". */
export function countText(t: Translate, count: ShownCount): string {
  return 'value' in count ? String(count.value) : t('engagement.value.fewerThan', { count: count.fewerThan });
}

/** A rate as words: "75 %", or "too few to say". */
export function rateText(t: Translate, rate: ShownRate): string {
  return 'percent' in rate ? t('engagement.value.percent', { percent: rate.percent }) : t('engagement.value.tooFew');
}

/** A duration bound in words: "15 minutes", "3 hours", "2 days". */
function durationText(t: Translate, seconds: number): string {
  if (seconds < 3_600) return t('engagement.duration.minutes', { count: Math.round(seconds / 60) });
  if (seconds < 86_400) return t('engagement.duration.hours', { count: Math.round(seconds / 3_600) });
  return t('engagement.duration.days', { count: Math.round(seconds / 86_400) });
}

/** A quantile of times to read in words: "within 3 hours", "after more than a week". */
export function delayText(t: Translate, delay: ShownDelay): string {
  if ('none' in delay) return t('engagement.value.noneRead');
  if ('tooFew' in delay) return t('engagement.value.tooFew');
  return delay.withinSeconds === null ? t('engagement.value.afterWeek') : t('engagement.value.within', { duration: durationText(t, delay.withinSeconds) });
}

/** Every figure of a group, in the order the page and the report show them. */
export function describeFigures(t: Translate, figures: Figures, featureEveryDays: number, languageName: (code: string) => string): FigureLine[] {
  const line = (key: string, value: string, values: Record<string, unknown> = {}): FigureLine => ({ key, label: t(`engagement.figure.${key}`, values), value });
  return [
    line('families', countText(t, figures.families)),
    line('familiesReached', `${countText(t, figures.familiesReached)} (${rateText(t, figures.reachedRate)})`),
    line('guardians', countText(t, figures.guardians)),
    line('guardiansNeverConnected', countText(t, figures.guardiansNeverConnected)),
    line('receipts', countText(t, figures.receipts)),
    line('readRate', rateText(t, figures.readRate)),
    line('medianTimeToRead', delayText(t, figures.medianTimeToRead)),
    line('p90TimeToRead', delayText(t, figures.p90TimeToRead)),
    line('requests', countText(t, figures.requests)),
    line('answeredRate', rateText(t, figures.answeredRate)),
    line('childrenNotFeatured', countText(t, figures.childrenNotFeatured), { days: featureEveryDays }),
    line('languages', figures.languages.map((entry) => t('engagement.value.languageCount', { language: languageName(entry.language), count: countText(t, entry.guardians) })).join(', ') || '—'),
    line('translatedReads', countText(t, figures.translatedReads)),
    line('paperCopies', t('engagement.value.notRecorded')),
  ];
}

/** A trend in one sentence for screen readers and the report: where it started, where it is. */
export function trendSummary(t: Translate, name: string, trend: readonly MonthRate[], monthName: (month: string) => string): string {
  const known = trend.filter((month) => 'percent' in month.readRate);
  if (known.length === 0) return t('engagement.chart.summaryNone', { name });
  const first = known[0]!;
  const last = known[known.length - 1]!;
  const percent = (month: MonthRate) => ('percent' in month.readRate ? month.readRate.percent : 0);
  if (known.length === 1) return t('engagement.chart.summaryOne', { name, month: monthName(first.month), percent: percent(first) });
  return t('engagement.chart.summary', {
    name,
    firstMonth: monthName(first.month),
    first: percent(first),
    lastMonth: monthName(last.month),
    last: percent(last),
  });
}

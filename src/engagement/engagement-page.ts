import type { Translate } from '../i18n/translate.js';
import { describeFigures, rateText, trendSummary, type FigureLine } from './describe-figures.js';
import type { MonthRate } from './figures.js';
import { layOutTrend, type TrendChart } from './trend-chart.js';
import type { EngagementView } from './view-engagement.js';

/** A group of families on the page: its figures and its trend, drawn and as a table. */
export interface PageGroup {
  readonly id: string;
  readonly name: string;
  readonly lines: readonly FigureLine[];
  readonly chart: TrendChart;
  readonly chartTitle: string;
  readonly summary: string;
  readonly rows: readonly { readonly month: string; readonly rate: string; readonly percent: number | null }[];
}

const displayNames = new Map<string, Intl.DisplayNames>();

/** A language's name in the page's language (one formatter per page language, built once). */
export function languageNamer(lang: string): (code: string) => string {
  let names = displayNames.get(lang);
  if (!names) {
    names = new Intl.DisplayNames([lang], { type: 'language' });
    displayNames.set(lang, names);
  }
  const built = names;
  return (code) => {
    try {
      return built.of(code) ?? code;
    } catch {
      return code;
    }
  };
}

/** A `YYYY-MM` month as words, short ("sept.") or long ("septembre 2026"). */
export function monthNamer(lang: string, style: 'short' | 'long'): (month: string) => string {
  const format = new Intl.DateTimeFormat(lang, style === 'short' ? { month: 'short', timeZone: 'UTC' } : { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return (month) => format.format(new Date(`${month}-15T12:00:00Z`));
}

function group(t: Translate, lang: string, id: string, name: string, figures: FigureLine[], trend: readonly MonthRate[]): PageGroup {
  const shortMonth = monthNamer(lang, 'short');
  const longMonth = monthNamer(lang, 'long');
  const percent = (value: number) => t('engagement.value.percent', { percent: value });
  return {
    id,
    name,
    lines: figures,
    chart: layOutTrend(trend, { month: shortMonth, percent, point: (month, value) => t('engagement.chart.point', { month: longMonth(month), rate: percent(value) }) }),
    chartTitle: t('engagement.chart.title', { name }),
    summary: trendSummary(t, name, trend, longMonth),
    rows: trend.map((month) => ({ month: longMonth(month.month), rate: rateText(t, month.readRate), percent: 'percent' in month.readRate ? month.readRate.percent : null })),
  };
}

/** The groups of the page, the school first, then each class by name; no teacher named anywhere. */
export function pageGroups(t: Translate, lang: string, view: EngagementView): PageGroup[] {
  const names = languageNamer(lang);
  const groups: PageGroup[] = [];
  if (view.school) {
    groups.push(group(t, lang, 'school', t('engagement.school'), describeFigures(t, view.school.figures, view.featureEveryDays, names), view.school.trend));
  }
  view.classes.forEach((klass, index) => {
    groups.push(group(t, lang, `class-${index}`, klass.className, describeFigures(t, klass.figures, view.featureEveryDays, names), klass.trend));
  });
  return groups;
}

import type { MonthRate } from './figures.js';

/** The drawing of a trend, as numbers and short texts a template writes into an `<svg>`. */
export interface TrendChart {
  readonly width: number;
  readonly height: number;
  /** Connected runs of months with a rate: a month with too few families breaks the line. */
  readonly segments: readonly string[];
  readonly dots: readonly { readonly x: number; readonly y: number; readonly label: string }[];
  readonly gridLines: readonly { readonly y: number; readonly label: string }[];
  readonly monthLabels: readonly { readonly x: number; readonly label: string }[];
  readonly plotLeft: number;
  readonly plotRight: number;
}

const WIDTH = 320;
const HEIGHT = 160;
const LEFT = 40;
const RIGHT = 10;
const TOP = 10;
const BOTTOM = 30;

/**
 * Lays out a read-rate trend (0–100 %) over the school year's months in a 320 × 160 box, small
 * enough for a phone held upright and scaled by the browser (the SVG has a viewBox). Computed
 * here so that the template only writes numbers: nothing the data holds becomes markup.
 */
export function layOutTrend(
  trend: readonly MonthRate[],
  labels: { month: (month: string) => string; percent: (percent: number) => string; point: (month: string, percent: number) => string },
): TrendChart {
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const step = trend.length > 1 ? plotWidth / (trend.length - 1) : 0;
  const xOf = (index: number) => Math.round(LEFT + (trend.length > 1 ? index * step : plotWidth / 2));
  const yOf = (percent: number) => Math.round(TOP + plotHeight - (percent / 100) * plotHeight);
  const segments: string[] = [];
  let run: string[] = [];
  const dots: { x: number; y: number; label: string }[] = [];
  trend.forEach((month, index) => {
    if (!('percent' in month.readRate)) {
      if (run.length > 1) segments.push(run.join(' '));
      run = [];
      return;
    }
    const point = { x: xOf(index), y: yOf(month.readRate.percent) };
    run.push(`${point.x},${point.y}`);
    dots.push({ ...point, label: labels.point(month.month, month.readRate.percent) });
  });
  if (run.length > 1) segments.push(run.join(' '));
  return {
    width: WIDTH,
    height: HEIGHT,
    segments,
    dots,
    gridLines: [0, 50, 100].map((percent) => ({ y: yOf(percent), label: labels.percent(percent) })),
    monthLabels: trend.map((month, index) => ({ x: xOf(index), label: labels.month(month.month) })),
    plotLeft: LEFT,
    plotRight: WIDTH - RIGHT,
  };
}

import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../format.ts';
import { useLanguage } from '../../../hooks.ts';
import { INTL_LOCALE, type Language } from '../../../i18n.ts';
import { TableRegion } from '../../../ui/TableRegion.tsx';
import type { UtilityDashboard } from './api.ts';

type Month = UtilityDashboard['months'][number];

const monthName = (lang: Language, month: string, style: 'short' | 'long') =>
  new Intl.DateTimeFormat(INTL_LOCALE[lang], {
    month: style,
    ...(style === 'long' && { year: 'numeric' }),
    timeZone: 'UTC',
  }).format(new Date(`${month}-15T12:00:00Z`));

/** "$12K" on the axis: whole dollars, compact; figures to the cent are in the table. */
const axisMoney = (lang: Language, cents: number) =>
  new Intl.NumberFormat(INTL_LOCALE[lang], {
    style: 'currency',
    currency: 'USD',
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(cents / 100);

/** A step of 1, 2 or 5 × 10^n cents that splits `max` into about four parts. */
function niceStep(max: number): number {
  if (max <= 0) return 100_00;
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const unit = [1, 2, 5, 10].find((m) => m * power >= rough)!;
  return unit * power;
}

/** The chart's drawing width follows its box, so text keeps its size on a phone and a desktop. */
function useWidth<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.max(280, Math.round(entry.contentRect.width)));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

/**
 * Billed vs collected for each of the last twelve months: an SVG bar chart that is one image
 * to assistive technology (a title, and a description with the totals), and a real table of
 * the same figures one button away.
 */
export function MonthlyChart({ months }: { months: Month[] }) {
  const { t } = useTranslation('dashboard-billing');
  const lang = useLanguage();
  const [asTable, setAsTable] = useState(false);
  const id = useId();
  const billed = months.reduce((s, m) => s + m.billedCents, 0);
  const collected = months.reduce((s, m) => s + m.collectedCents, 0);
  const summary = t('home.chart.summary', {
    billed: formatMoney(lang, billed),
    collected: formatMoney(lang, collected),
  });

  return (
    <section aria-labelledby={`${id}-title`} className="civq-ut-section" data-testid="monthly">
      <div className="civq-toolbar">
        <h2 id={`${id}-title`} className="margin-0">
          {t('home.chart.title')}
        </h2>
        <button
          type="button"
          className="usa-button usa-button--outline margin-0"
          aria-controls={`${id}-view`}
          onClick={() => setAsTable((v) => !v)}
          data-testid="chart-toggle"
        >
          {asTable ? t('home.chart.showChart') : t('home.chart.showTable')}
        </button>
      </div>
      <p className="civq-measure" data-testid="chart-summary">
        {summary}
      </p>
      <div id={`${id}-view`}>
        {asTable ? (
          <MonthlyTable months={months} billed={billed} collected={collected} />
        ) : (
          <Bars months={months} summary={summary} />
        )}
      </div>
    </section>
  );
}

function Bars({ months, summary }: { months: Month[]; summary: string }) {
  const { t } = useTranslation('dashboard-billing');
  const lang = useLanguage();
  const id = useId();
  const [ref, width] = useWidth<HTMLDivElement>();
  const height = 280;
  const top = 12;
  const bottom = 44;
  const left = 64;
  const right = 8;
  const max = Math.max(0, ...months.map((m) => Math.max(m.billedCents, m.collectedCents)));
  const step = niceStep(max);
  const ceiling = Math.max(step, Math.ceil(max / step) * step);
  const ticks = Array.from({ length: Math.round(ceiling / step) + 1 }, (_, i) => i * step);
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const group = plotW / Math.max(1, months.length);
  const bar = Math.max(3, Math.min(24, group * 0.34));
  const y = (cents: number) => top + plotH - (cents / ceiling) * plotH;
  // On a narrow screen every other month is labelled, so the labels never run together.
  const labelEvery = group < 42 ? 2 : 1;

  return (
    <figure className="civq-bill-chart" ref={ref}>
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        data-testid="chart"
      >
        <title id={`${id}-title`}>{t('home.chart.title')}</title>
        <desc id={`${id}-desc`}>
          {t('home.chart.label')} {summary}
        </desc>
        <defs>
          <pattern
            id={`${id}-hatch`}
            width="6"
            height="6"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect width="6" height="6" fill="#00a91c" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#005c11" strokeWidth="3" />
          </pattern>
        </defs>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={left} x2={width - right} y1={y(v)} y2={y(v)} className="civq-bill-chart__grid" />
            <text x={left - 8} y={y(v)} dy="0.35em" textAnchor="end" className="civq-bill-chart__axis">
              {axisMoney(lang, v)}
            </text>
          </g>
        ))}
        {months.map((m, i) => {
          const x = left + i * group + group / 2;
          return (
            <g key={m.month}>
              <rect
                x={x - bar - 1}
                y={y(m.billedCents)}
                width={bar}
                height={top + plotH - y(m.billedCents)}
                className="civq-bill-chart__billed"
              >
                <title>
                  {t('home.chart.bar', {
                    month: monthName(lang, m.month, 'long'),
                    series: t('home.chart.billed'),
                    amount: formatMoney(lang, m.billedCents),
                  })}
                </title>
              </rect>
              <rect
                x={x + 1}
                y={y(m.collectedCents)}
                width={bar}
                height={top + plotH - y(m.collectedCents)}
                fill={`url(#${id}-hatch)`}
                className="civq-bill-chart__collected"
              >
                <title>
                  {t('home.chart.bar', {
                    month: monthName(lang, m.month, 'long'),
                    series: t('home.chart.collected'),
                    amount: formatMoney(lang, m.collectedCents),
                  })}
                </title>
              </rect>
              {i % labelEvery === (months.length - 1) % labelEvery && (
                <text x={x} y={height - bottom + 20} textAnchor="middle" className="civq-bill-chart__axis">
                  {monthName(lang, m.month, 'short')}
                </text>
              )}
              {(i === 0 || m.month.endsWith('-01')) && (
                <text x={x} y={height - bottom + 38} textAnchor="middle" className="civq-bill-chart__year">
                  {m.month.slice(0, 4)}
                </text>
              )}
            </g>
          );
        })}
        <line
          x1={left}
          x2={width - right}
          y1={top + plotH}
          y2={top + plotH}
          className="civq-bill-chart__base"
        />
      </svg>
      <figcaption className="civq-bill-legend" aria-hidden="true">
        <span className="civq-bill-legend__item">
          <span className="civq-bill-legend__swatch civq-bill-legend__swatch--billed" />
          {t('home.chart.billed')}
        </span>
        <span className="civq-bill-legend__item">
          <span className="civq-bill-legend__swatch civq-bill-legend__swatch--collected" />
          {t('home.chart.collected')}
        </span>
      </figcaption>
    </figure>
  );
}

function MonthlyTable({ months, billed, collected }: { months: Month[]; billed: number; collected: number }) {
  const { t } = useTranslation('dashboard-billing');
  const lang = useLanguage();
  return (
    <TableRegion label={t('home.chart.caption')}>
      <table
        className="usa-table usa-table--borderless usa-table--stacked-header civq-table civq-ut-table civq-bill-monthly"
        data-testid="monthly-table"
      >
        <caption className="usa-sr-only">{t('home.chart.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('home.chart.month')}</th>
            <th scope="col" className="civq-ut-num">
              {t('home.chart.billed')}
            </th>
            <th scope="col" className="civq-ut-num">
              {t('home.chart.collected')}
            </th>
          </tr>
        </thead>
        <tbody>
          {months.map((m) => (
            <tr key={m.month} data-testid="monthly-row" data-month={m.month}>
              <th scope="row" data-label={t('home.chart.month')}>
                {monthName(lang, m.month, 'long')}
              </th>
              <td data-label={t('home.chart.billed')} className="civq-ut-num" data-testid="monthly-billed">
                {formatMoney(lang, m.billedCents)}
              </td>
              <td
                data-label={t('home.chart.collected')}
                className="civq-ut-num"
                data-testid="monthly-collected"
              >
                {formatMoney(lang, m.collectedCents)}
              </td>
            </tr>
          ))}
          <tr className="civq-ut-total">
            <th scope="row" data-label={t('home.chart.month')}>
              {t('home.chart.total')}
            </th>
            <td data-label={t('home.chart.billed')} className="civq-ut-num">
              {formatMoney(lang, billed)}
            </td>
            <td data-label={t('home.chart.collected')} className="civq-ut-num">
              {formatMoney(lang, collected)}
            </td>
          </tr>
        </tbody>
      </table>
    </TableRegion>
  );
}

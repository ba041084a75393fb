import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { Loading } from '../../components/Loading.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { formatMoney, formatNumber } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import { useSummary } from './api.ts';
import { formatPeriod, type Period, type PeriodChoice } from './period.ts';
import { PeriodChooser } from './PeriodChooser.tsx';

type Props = { period: Period; onPeriod: (choice: PeriodChoice, from?: string, to?: string) => void };

/** The four KPI cards — Collected, Payments, Refunds, Net — for the chosen period. */
export function Kpis({ period, onPeriod }: Props) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const summary = useSummary(period.from, period.to);
  const data = summary.data;
  const cards = data && [
    { key: 'collected', value: formatMoney(lang, data.collectedCents) },
    { key: 'payments', value: formatNumber(lang, data.payments) },
    { key: 'refunds', value: formatMoney(lang, data.refundsCents) },
    { key: 'net', value: formatMoney(lang, data.netCents) },
  ];
  return (
    <section className="civq-pay-section" aria-labelledby="kpi-title">
      <h2 id="kpi-title" className="margin-top-0" data-testid="kpi-period">
        {t('payments.kpis.title', {
          period: formatPeriod(lang, data?.from ?? period.from, data?.to ?? period.to),
        })}
      </h2>
      <PeriodChooser period={period} onApply={onPeriod} />
      {summary.isPending && <Loading />}
      {summary.error instanceof ApiError && <ProblemAlert problem={summary.error} />}
      {cards && (
        <dl className="civq-pay-kpis" data-testid="kpis" aria-busy={summary.isFetching || undefined}>
          {cards.map((c) => (
            <div key={c.key} className="civq-pay-kpi" data-testid={`kpi-${c.key}`}>
              <dt className="civq-pay-kpi__label">{t(`payments.kpis.${c.key}`)}</dt>
              <dd className="civq-pay-kpi__value" data-testid={`kpi-${c.key}-value`}>
                {c.value}
              </dd>
              <dd className="civq-pay-kpi__note">{t(`payments.kpis.${c.key}Note`)}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

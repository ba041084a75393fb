import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDay, formatMoney, formatNumber } from '../../../format.ts';
import { useLanguage } from '../../../hooks.ts';
import { formatRate, type Schedule } from '../api.ts';
import { useLabels } from '../labels.tsx';
import { TableRegion } from '../../../ui/TableRegion.tsx';

/** "Residential · Water · from Jan 1, 2026": how a schedule version is named in lists. */
export function useScheduleName() {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const labels = useLabels();
  return useCallback(
    (s: Schedule) =>
      t('utilities.types.scheduleName', {
        type: labels.accountType(s.accountType),
        service: labels.service(s.service),
        date: formatDay(lang, s.effectiveFrom, 'medium'),
      }),
    [t, lang, labels],
  );
}

/** The blocks of a schedule in words: "First 2,000 at $0.00425", "Next 8,000 at …", "Over 10,000 at …". */
function Blocks({ schedule }: { schedule: Schedule }) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  if (schedule.tiers.length === 0) return <>{t('utilities.account.none')}</>;
  let from = 0;
  return (
    <ul className="civq-ut-blocks">
      {schedule.tiers.map((tier, i) => {
        const rate = formatRate(tier.rate);
        const text =
          tier.upTo === null
            ? i === 0
              ? t('utilities.types.blockAll', { rate })
              : t('utilities.types.blockOver', { from: formatNumber(lang, from), rate })
            : t(i === 0 ? 'utilities.types.blockFirst' : 'utilities.types.blockNext', {
                units: formatNumber(lang, tier.upTo - from),
                rate,
              });
        from = tier.upTo ?? from;
        return <li key={i}>{text}</li>;
      })}
    </ul>
  );
}

/** Every rate schedule version, newest first within each account type and service. */
export function ScheduleTable({ schedules }: { schedules: Schedule[] }) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const labels = useLabels();
  const col = (key: string) => t(`utilities.types.columns.${key}`);
  const money = (cents: number | null) =>
    cents === null ? t('utilities.account.none') : formatMoney(lang, cents);
  return (
    <TableRegion label={t('utilities.types.schedulesTitle')}>
      <table
        className="usa-table usa-table--borderless usa-table--stacked-header civq-table civq-ut-table civq-ut-schedules"
        data-testid="schedules"
      >
        <caption className="usa-sr-only">{t('utilities.types.schedulesTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{col('schedule')}</th>
            <th scope="col">{col('effective')}</th>
            <th scope="col" className="civq-ut-num">
              {col('base')}
            </th>
            <th scope="col">{col('blocks')}</th>
            <th scope="col" className="civq-ut-num">
              {col('minimum')}
            </th>
            <th scope="col">{col('flat')}</th>
            <th scope="col">{col('usage')}</th>
          </tr>
        </thead>
        <tbody>
          {schedules.map((s) => (
            <tr key={s.id} data-testid="schedule-row">
              <th scope="row" data-label={col('schedule')}>
                {labels.accountType(s.accountType)} · {labels.service(s.service)}
              </th>
              <td data-label={col('effective')} className="civq-ut-nowrap">
                {formatDay(lang, s.effectiveFrom, 'medium')}
              </td>
              <td data-label={col('base')} className="civq-ut-num">
                {formatMoney(lang, s.baseChargeCents)}
              </td>
              <td data-label={col('blocks')}>
                <Blocks schedule={s} />
              </td>
              <td data-label={col('minimum')} className="civq-ut-num">
                {money(s.minimumChargeCents)}
              </td>
              <td data-label={col('flat')}>
                {s.flatServices.length === 0 ? (
                  t('utilities.account.none')
                ) : (
                  <ul className="civq-ut-blocks">
                    {s.flatServices.map((f, i) => (
                      <li key={i}>
                        {f.name[lang]}: {formatMoney(lang, f.amountCents)}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td data-label={col('usage')}>
                {labels.usage(s.usage)}
                {s.sewerCapUnits ? (
                  <span className="civq-ut-note">
                    {' '}
                    {t('utilities.types.cap', { units: formatNumber(lang, s.sewerCapUnits) })}
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert, useProblem } from '../../../ui/ProblemAlert.tsx';
import { formatMoney, formatNumber } from '../../../format.ts';
import { useLanguage } from '../../../hooks.ts';
import { useSession } from '../../session.tsx';
import { formatRate, parseWhole, type Rating, type Schedule } from '../api.ts';
import { Field } from '../../../ui/Field.tsx';
import { useScheduleName } from './ScheduleTable.tsx';
import { TableRegion } from '../../../ui/TableRegion.tsx';

/** What a customer would be charged for a use, line by line — the billing run's own arithmetic. */
export function Calculator({ schedules }: { schedules: Schedule[] }) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const name = useScheduleName();
  const { get } = useSession();
  const [scheduleId, setScheduleId] = useState(schedules[0]?.id ?? '');
  const [units, setUnits] = useState('');
  const [error, setError] = useState<string>();
  const [problem, setProblem] = useProblem();
  const [rating, setRating] = useState<Rating | null>(null);
  const col = (key: string) => t(`utilities.calculator.columns.${key}`);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const n = parseWhole(units);
    if (n === null) {
      setError(t('utilities.calculator.unitsInvalid'));
      return document.getElementById('calc-units')?.focus();
    }
    setError(undefined);
    try {
      setRating(await get<Rating>(`/api/v1/utilities/rate-schedules/${scheduleId}/calculate?units=${n}`));
    } catch (err) {
      setRating(null);
      setProblem(err);
    }
  };

  return (
    <section className="civq-ut-section" aria-labelledby="calculator-title">
      <h2 id="calculator-title">{t('utilities.calculator.title')}</h2>
      <p className="civq-measure">{t('utilities.calculator.intro')}</p>
      <form className="usa-form usa-form--large" noValidate onSubmit={(e) => void submit(e)}>
        <Field id="calc-schedule" label={t('utilities.calculator.schedule')} kind="usa-select">
          {(control) => (
            <select
              {...control}
              value={scheduleId}
              onChange={(e) => {
                setScheduleId(e.target.value);
                setRating(null);
              }}
            >
              {schedules.map((s) => (
                <option key={s.id} value={s.id}>
                  {name(s)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id="calc-units"
          label={t('utilities.calculator.units')}
          hint={t('utilities.calculator.unitsHint')}
          error={error}
        >
          {(control) => (
            <input
              {...control}
              className={`${control.className} usa-input--md`}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              value={units}
              onChange={(e) => setUnits(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="usa-button margin-top-3">
          {t('utilities.calculator.submit')}
        </button>
      </form>
      {problem && <ProblemAlert problem={problem} />}
      {rating && (
        <div className="margin-top-3" aria-live="polite">
          <TableRegion label={t('utilities.calculator.caption')}>
            <table
              className="usa-table usa-table--borderless usa-table--stacked-header civq-table civq-ut-table"
              data-testid="rating"
            >
              <caption className="civq-ut-caption">
                {t('utilities.calculator.caption')}{' '}
                <span className="civq-ut-note">
                  {t('utilities.calculator.billedUnits', { units: formatNumber(lang, rating.billedUnits) })}
                </span>
              </caption>
              <thead>
                <tr>
                  <th scope="col">{col('line')}</th>
                  <th scope="col" className="civq-ut-num">
                    {col('quantity')}
                  </th>
                  <th scope="col" className="civq-ut-num">
                    {col('rate')}
                  </th>
                  <th scope="col" className="civq-ut-num">
                    {col('amount')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rating.lines.map((line, i) => (
                  <tr key={i} data-testid="rating-line">
                    <th scope="row" data-label={col('line')}>
                      {line.label[lang]}
                    </th>
                    <td
                      data-label={col('quantity')}
                      className={`civq-ut-num${line.quantity === null ? ' civq-ut-empty' : ''}`}
                    >
                      {line.quantity === null ? '' : formatNumber(lang, line.quantity)}
                    </td>
                    <td
                      data-label={col('rate')}
                      className={`civq-ut-num${line.rate === null ? ' civq-ut-empty' : ''}`}
                    >
                      {line.rate === null ? '' : formatRate(line.rate)}
                    </td>
                    <td data-label={col('amount')} className="civq-ut-num">
                      {formatMoney(lang, line.amountCents)}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr className="civq-ut-total">
                  <th scope="row" data-label={col('line')}>
                    {t('utilities.calculator.total')}
                  </th>
                  <td className="civq-ut-empty" aria-hidden="true" />
                  <td className="civq-ut-empty" aria-hidden="true" />
                  <td data-label={col('amount')} className="civq-ut-num" data-testid="rating-total">
                    {formatMoney(lang, rating.totalCents)}
                  </td>
                </tr>
              </tfoot>
            </table>
          </TableRegion>
        </div>
      )}
    </section>
  );
}

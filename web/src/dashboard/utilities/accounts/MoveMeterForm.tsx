import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../../ui/useFormSubmit.ts';
import { useSession } from '../../session.tsx';
import { formatAddress } from './AccountTable.tsx';
import {
  fitsRegister,
  parseWhole,
  today,
  UTILITIES_KEY,
  type Account,
  type AccountList,
  type Meter,
} from '../api.ts';
import { Field } from '../../../ui/Field.tsx';
import { errorsByField, focusFirstError } from '../../../ui/formErrors.ts';
import { AccountStatusTag } from '../labels.tsx';
import { dateInput, MeterSelect, useRegisterMessage, wholeInput } from './MeterInputs.tsx';

type Fields = 'meterId' | 'search' | 'target' | 'movedOn' | 'read';
const ORDER: Fields[] = ['meterId', 'search', 'target', 'movedOn', 'read'];
const id = (f: Fields) => `move-${f}`;
/** Where focus goes for an error on the choice of account: its first option, or the search box. */
const focusId = (f: Fields, results: Account[] | null) =>
  f === 'target' ? (results?.[0] ? `move-target-${results[0].id}` : id('search')) : id(f);

/**
 * Moving a meter to another account: find that account by number or name, choose it, and give
 * the day and the register's reading — the final reading here and the first there, in one step.
 */
export function MoveMeterForm({
  accountId,
  meters,
  onDone,
  onCancel,
}: {
  accountId: string;
  meters: Meter[];
  onDone: (serial: string, accountNumber: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('dashboard');
  const { call, get } = useSession();
  const queryClient = useQueryClient();
  const tooBig = useRegisterMessage();
  const [v, setV] = useState<Record<Fields, string>>({
    meterId: meters[0]?.id ?? '',
    search: '',
    target: '',
    movedOn: today(),
    read: '',
  });
  const [results, setResults] = useState<Account[] | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const { busy, problem, setProblem, run } = useFormSubmit();
  const set = (key: Fields) => (value: string) => setV((old) => ({ ...old, [key]: value }));
  const meter = meters.find((m) => m.id === v.meterId);

  const find = async () => {
    setProblem(null);
    const q = v.search.trim();
    if (!q) {
      setErrors({ search: t('utilities.meterActions.move.searchRequired') });
      return document.getElementById(id('search'))?.focus();
    }
    setErrors({});
    await run(
      async () => {
        const found = await get<AccountList>(
          `/api/v1/utilities/accounts?${new URLSearchParams({ q, limit: '8' })}`,
        );
        const choices = found.items.filter((a) => a.id !== accountId && a.status !== 'closed').slice(0, 5);
        setResults(choices);
        setV((old) => ({ ...old, target: choices.length === 1 ? choices[0]!.id : '' }));
      },
      (err) => {
        setResults(null);
        setErrors(errorsByField<Fields>(err, { q: 'search' }));
      },
    );
  };

  // Enter in the search box finds accounts; it never moves the meter by surprise.
  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void find();
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const found: Partial<Record<Fields, string>> = {};
    const target = results?.find((a) => a.id === v.target);
    if (!target) found.target = t('utilities.meterActions.move.choose');
    if (!v.movedOn) found.movedOn = t('utilities.meterForm.dateRequired');
    const read = parseWhole(v.read);
    if (read === null) found.read = t('utilities.readForm.valueInvalid');
    else if (meter && !fitsRegister(read, meter.dials)) found.read = tooBig(meter.dials);
    setErrors(found);
    if (focusFirstError(ORDER, found, (f) => focusId(f, results)) || !meter || !target) return;
    await run(
      async () => {
        await call(`/api/v1/utilities/accounts/${accountId}/meters/move`, 'POST', {
          meterId: meter.id,
          toAccountId: target.id,
          movedOn: v.movedOn,
          read,
        });
        await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
        onDone(meter.serial, target.accountNumberDisplay);
      },
      (err) => {
        setErrors(
          errorsByField<Fields>(
            err,
            { meterId: 'meterId', toAccountId: 'target', movedOn: 'movedOn', read: 'read' },
            {
              meter_not_on_account: 'meterId',
              meter_move_same_account: 'target',
              account_not_found: 'target',
              account_closed: 'target',
              read_before_previous: 'movedOn',
              read_exceeds_register: 'read',
              final_read_below_previous: 'read',
            },
          ),
        );
      },
    );
  };

  const targetError = errors.target;
  return (
    <form
      className="usa-form civq-ut-subform"
      noValidate
      onSubmit={(e) => void submit(e)}
      data-testid="move-meter"
    >
      <p>{t('utilities.meterActions.move.intro')}</p>
      {problem && <ProblemAlert problem={problem} />}
      <MeterSelect
        id={id('meterId')}
        label={t('utilities.meterActions.move.meter')}
        meters={meters}
        value={v.meterId}
        onChange={set('meterId')}
        error={errors.meterId}
      />
      <Field
        id={id('search')}
        label={t('utilities.meterActions.move.search')}
        hint={t('utilities.meterActions.move.searchHint')}
        error={errors.search}
      >
        {(control) => (
          <div className="civq-ut-find">
            <input
              {...control}
              type="text"
              inputMode="search"
              maxLength={100}
              autoComplete="off"
              value={v.search}
              onChange={(e) => set('search')(e.target.value)}
              onKeyDown={onSearchKey}
            />
            <button
              type="button"
              className="usa-button usa-button--outline"
              disabled={busy}
              onClick={() => void find()}
            >
              {t('utilities.meterActions.move.find')}
            </button>
          </div>
        )}
      </Field>
      <div aria-live="polite" data-testid="move-results">
        {results && results.length === 0 && (
          <p className="civq-ut-note">{t('utilities.meterActions.move.noResults')}</p>
        )}
        {results && results.length > 0 && (
          <fieldset
            className={`usa-fieldset usa-form-group${targetError ? ' usa-form-group--error' : ''}`}
            aria-describedby={targetError ? id('target') + '-error' : undefined}
          >
            <legend className="usa-legend">{t('utilities.meterActions.move.results')}</legend>
            {targetError && (
              <span className="usa-error-message" id={`${id('target')}-error`} role="alert">
                {targetError}
              </span>
            )}
            {results.map((a) => (
              <div className="usa-radio" key={a.id}>
                <input
                  className="usa-radio__input usa-radio__input--tile"
                  id={`move-target-${a.id}`}
                  type="radio"
                  name={id('target')}
                  value={a.id}
                  checked={v.target === a.id}
                  onChange={() => set('target')(a.id)}
                />
                <label className="usa-radio__label" htmlFor={`move-target-${a.id}`} data-testid="move-choice">
                  <span className="civq-ut-nowrap">{a.accountNumberDisplay}</span> · {a.customerName}{' '}
                  <AccountStatusTag status={a.status} />
                  <span className="usa-checkbox__label-description civq-break">
                    {formatAddress(a.address)}
                  </span>
                </label>
              </div>
            ))}
          </fieldset>
        )}
      </div>
      {targetError && !results?.length && (
        <span className="usa-error-message" role="alert">
          {targetError}
        </span>
      )}
      <div className="civq-ut-row">
        <Field id={id('movedOn')} label={t('utilities.meterActions.move.date')} error={errors.movedOn}>
          {dateInput(v.movedOn, set('movedOn'), today())}
        </Field>
        <Field
          id={id('read')}
          label={t('utilities.meterActions.move.read')}
          hint={t('utilities.meterActions.move.readHint')}
          error={errors.read}
        >
          {wholeInput(v.read, set('read'))}
        </Field>
      </div>
      <div className="civq-actions">
        <button type="submit" className="usa-button" disabled={busy}>
          {t('utilities.meterActions.move.submit')}
        </button>
        <button type="button" className="usa-button usa-button--unstyled" onClick={onCancel}>
          {t('utilities.cancel')}
        </button>
      </div>
    </form>
  );
}

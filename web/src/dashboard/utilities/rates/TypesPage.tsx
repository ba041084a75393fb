import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api.ts';
import { Loading } from '../../../components/Loading.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { PageHeading } from '../../../components/SiteLayout.tsx';
import { useLanguage } from '../../../hooks.ts';
import { Alert } from '../../../components/Alert.tsx';
import { can, useSession } from '../../session.tsx';
import { useTypes } from '../api.ts';
import { Disclosure } from '../Disclosure.tsx';
import { ScheduleForm } from './ScheduleForm.tsx';
import { Calculator } from './Calculator.tsx';
import { ScheduleTable } from './ScheduleTable.tsx';
import { UtilitiesNav } from '../UtilitiesNav.tsx';

/** Account types, the rate schedules each service bills by, and the rate calculator. */
export function TypesPage() {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const types = useTypes();
  const data = types.data;
  const { session } = useSession();
  const [flash, setFlash] = useState<string | null>(null);
  return (
    <>
      <PageHeading>{t('utilities.types.title')}</PageHeading>
      <UtilitiesNav current="types" />
      <p className="civq-measure">{t('utilities.types.intro')}</p>
      {types.isPending && <Loading />}
      {types.error instanceof ApiError && <ProblemAlert problem={types.error} />}
      {data && (
        <>
          <section className="civq-ut-section" aria-labelledby="account-types-title">
            <h2 id="account-types-title">{t('utilities.types.accountTypesTitle')}</h2>
            {data.accountTypes.length === 0 ? (
              <p>{t('utilities.types.noTypes')}</p>
            ) : (
              <ul className="civq-ut-typelist" data-testid="account-types">
                {data.accountTypes.map((type) => (
                  <li key={type.code}>
                    <strong>{type.name[lang]}</strong> <code className="civq-ut-code">{type.code}</code>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="civq-ut-section" aria-labelledby="schedules-title">
            <h2 id="schedules-title">{t('utilities.types.schedulesTitle')}</h2>
            {data.schedules.length === 0 ? (
              <p>{t('utilities.types.noSchedules')}</p>
            ) : (
              <ScheduleTable schedules={data.schedules} />
            )}
            {flash && <Alert type="success" heading={flash} testId="flash" />}
            {can(session, 'utilities.rates') && data.schedules.length > 0 && (
              <div className="civq-ut-tools">
                <Disclosure label={t('utilities.rateForm.title')} testId="rate-tool">
                  {(close) => (
                    <ScheduleForm
                      schedules={data.schedules}
                      onDone={(name) => {
                        close();
                        setFlash(t('utilities.rateForm.done', { name }));
                      }}
                    />
                  )}
                </Disclosure>
              </div>
            )}
          </section>
          {data.schedules.length > 0 && <Calculator schedules={data.schedules} />}
        </>
      )}
    </>
  );
}

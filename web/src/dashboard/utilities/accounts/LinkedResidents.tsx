import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { formatDateTime } from '../../../format.ts';
import { useLanguage } from '../../../hooks.ts';
import { addCatalogs } from '../../../i18n.ts';
import { useSession } from '../../session.tsx';

addCatalogs(import.meta.glob('../../../../../locales/*/residents.json', { eager: true, import: 'default' }));

/** The server's answer, inferred from its schema (type-only). */
type Linked = z.output<
  (typeof import('../../../../../src/modules/residents/schema.ts'))['linkedResidentsView']
>;

/** The resident accounts linked to a utility account: the household staff may be asked about. */
export function LinkedResidents({ accountId }: { accountId: string }) {
  const { t } = useTranslation('residents');
  const lang = useLanguage();
  const { get } = useSession();
  const linked = useQuery({
    queryKey: ['utility-account-residents', accountId],
    queryFn: () => get<Linked>(`/api/v1/utilities/accounts/${accountId}/residents`),
  });
  return (
    <section aria-labelledby="linked-residents-title" className="civq-ut-section">
      <h2 id="linked-residents-title">{t('linked.title')}</h2>
      <p className="civq-measure">{t('linked.intro')}</p>
      {linked.data && linked.data.items.length === 0 && (
        <p data-testid="no-linked-residents">{t('linked.none')}</p>
      )}
      {linked.data && linked.data.items.length > 0 && (
        <ul className="usa-list" data-testid="linked-residents">
          {linked.data.items.map((r) => (
            <li key={r.residentId}>
              {t('linked.item', { email: r.email, when: formatDateTime(lang, r.linkedAt) })}
              {/* How this resident is reached: chosen channel, phone, consent to texts, STOP. */}
              <span className="display-block civq-muted" data-testid="linked-resident-phone">
                {t('linked.channel', { channel: r.noticeChannel })}{' '}
                {r.phone
                  ? t('linked.phone', { phone: r.phone, verified: r.phoneVerified ? 'yes' : 'no' })
                  : t('linked.noPhone')}
                {r.smsConsentAt &&
                  ` ${t('linked.consent', { when: formatDateTime(lang, r.smsConsentAt), version: r.smsConsentVersion ?? '' })}`}
                {r.smsOptedOut && ` ${t('linked.optedOut')}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

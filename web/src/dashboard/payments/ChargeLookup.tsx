import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import { useSession } from '../session.tsx';
import { PAYMENTS_KEY, type Charge } from './api.ts';

/** "c 7kq4m2xd" → "C-7KQ4-M2XD" when it has the shape of a reference code, else null. */
export function normalizeReference(input: string): string | null {
  const code = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const body = code.length === 9 && code.startsWith('C') ? code.slice(1) : code;
  return body.length === 8 ? `C-${body.slice(0, 4)}-${body.slice(4)}` : null;
}

/** Finds the charge a reference code names (null while unknown, or when there is none). */
export function useChargeByReference(code: string | null) {
  const { get } = useSession();
  return useQuery({
    queryKey: [...PAYMENTS_KEY, 'by-reference', code],
    queryFn: async () => {
      const found = await get<{ items: Charge[] }>(
        `/api/v1/payments/charges?limit=5&q=${encodeURIComponent(code!)}`,
      );
      return found.items.find((c) => c.referenceCode === code) ?? null;
    },
    enabled: Boolean(code),
    staleTime: 10_000,
  });
}

/** What the reference code pays, shown before the money is recorded. */
export function ChargeLookup({ code }: { code: string | null }) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const lookup = useChargeByReference(code);
  if (!code || lookup.isPending || lookup.isError) return null;
  const charge = lookup.data;
  return (
    <div className="civq-pay-lookup" role="status" data-testid="charge-lookup">
      {charge ? (
        <>
          <p className="margin-0 text-bold">{charge.description[lang]}</p>
          <p className="margin-0">
            {t('payments.record.lookup', {
              party: charge.party.name,
              balance: formatMoney(lang, charge.balanceCents),
            })}
          </p>
        </>
      ) : (
        <p className="margin-0">{t('payments.record.lookupNone', { code })}</p>
      )}
    </div>
  );
}

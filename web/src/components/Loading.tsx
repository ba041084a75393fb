import { useTranslation } from 'react-i18next';

/** A quiet placeholder while a page or its data loads. */
export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="civq-loading" role="status">
      {t('loading')}
    </p>
  );
}

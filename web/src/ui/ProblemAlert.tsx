import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.ts';
import { currentLanguage, type Language } from '../i18n.ts';
import { useLanguage } from '../hooks.ts';
import { Alert } from '../components/Alert.tsx';

/**
 * Holds the last API problem. Its text is in the language it was requested in, so it is
 * dropped when the person switches language (no stray English on a Spanish page).
 */
export function useProblem() {
  const lang = useLanguage();
  const { t } = useTranslation();
  const [state, setState] = useState<{ lang: Language; error: ApiError } | null>(null);
  const set = useCallback(
    (error: unknown) => {
      if (!error) return setState(null);
      const apiError =
        error instanceof ApiError
          ? error
          : new ApiError(0, 'unexpected', t('errors.unexpected.title'), t('errors.unexpected.detail'));
      setState({ lang: currentLanguage(), error: apiError });
    },
    [t],
  );
  return [state && state.lang === lang ? state.error : null, set] as const;
}

export function ProblemAlert({ problem }: { problem: ApiError }) {
  return (
    <Alert type="error" heading={problem.title} focus testId="problem">
      <p>{problem.detail}</p>
    </Alert>
  );
}

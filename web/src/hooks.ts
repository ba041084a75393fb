import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Tenant } from './api.ts';
import { isLanguage, type Language } from './i18n.ts';

/** The language the interface shows now (re-renders when it changes). */
export function useLanguage(): Language {
  const { i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? i18n.language;
  return isLanguage(lng) ? lng : 'en';
}

/** The entity this host serves (public, cached for the session). */
export function useTenant() {
  return useQuery({
    queryKey: ['tenant'],
    queryFn: () => api<Tenant>('/api/v1/tenant'),
    staleTime: Infinity,
  });
}

/** The entity's name in the current language, or undefined while it loads. */
export function useEntityName(): string | undefined {
  const lang = useLanguage();
  return useTenant().data?.name[lang];
}

/** Sets the browser tab title: "<page> · <entity>". */
export function useDocumentTitle(pageTitle: string): void {
  const entity = useEntityName();
  useEffect(() => {
    document.title = entity ? `${pageTitle} · ${entity}` : pageTitle;
  }, [pageTitle, entity]);
}

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Language } from '../../i18n.ts';
import { useSession } from '../session.tsx';

/** The communications API (src/modules/communications/routes.ts), as the dashboard reads it. */

export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'failed', 'suppressed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export type MessageSummary = {
  id: string;
  kind: string;
  channel: 'email' | 'sms' | 'push';
  language: Language;
  /** Masked in the list (m•••@example.com), in full on the detail. */
  recipient: string;
  subject: string;
  status: MessageStatus;
  attempts: number;
  /** smtp, or log when no mail server is configured. */
  deliveredVia: string | null;
  createdAt: string;
  sentAt: string | null;
  lastError: string | null;
};

export type MessageDetail = MessageSummary & {
  recipientName: string | null;
  optional: boolean;
  bodyText: string;
  bodyHtml: string | null;
  providerMessageId: string | null;
  nextAttemptAt: string;
  updatedAt: string;
};

export type FieldType = 'text' | 'money' | 'date' | 'url' | 'localized';
export type Template = { kind: string; optional: boolean; fields: Record<string, FieldType> };
export type Preview = { subject: string; text: string; html: string; sms: string; smsSegments: number };

export type LogFilters = { status?: MessageStatus; kind?: string; page: number; perPage: number };

export const MESSAGES_KEY = ['communications', 'messages'] as const;

export function useMessages(filters: LogFilters) {
  const { get } = useSession();
  const query = new URLSearchParams({
    limit: String(filters.perPage),
    offset: String((filters.page - 1) * filters.perPage),
  });
  if (filters.status) query.set('status', filters.status);
  if (filters.kind) query.set('kind', filters.kind);
  return useQuery({
    queryKey: [...MESSAGES_KEY, 'list', query.toString()],
    queryFn: () =>
      get<{ items: MessageSummary[]; total: number }>(`/api/v1/communications/messages?${query}`),
    placeholderData: keepPreviousData,
  });
}

export function useMessage(id: string) {
  const { get } = useSession();
  return useQuery({
    queryKey: [...MESSAGES_KEY, 'detail', id],
    queryFn: () => get<MessageDetail>(`/api/v1/communications/messages/${encodeURIComponent(id)}`),
    retry: false,
  });
}

export function useTemplates() {
  const { get } = useSession();
  return useQuery({
    queryKey: ['communications', 'templates'],
    queryFn: () => get<{ items: Template[] }>('/api/v1/communications/templates').then((r) => r.items),
    staleTime: Infinity,
  });
}

export function usePreview(kind: string | undefined, language: Language) {
  const { get } = useSession();
  return useQuery({
    queryKey: ['communications', 'preview', kind, language],
    queryFn: () =>
      get<Preview>(
        `/api/v1/communications/templates/${encodeURIComponent(kind!)}/preview?language=${language}`,
      ),
    enabled: Boolean(kind),
    retry: false,
  });
}

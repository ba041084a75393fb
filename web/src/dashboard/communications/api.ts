import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Language } from '../../i18n.ts';
import { useSession } from '../session.tsx';

/** The communications API (src/modules/communications/routes.ts), as the dashboard reads it. */

/** The API's own types: inferred from the server's zod schemas (type-only, nothing bundled). */
type Schemas = typeof import('../../../../src/modules/communications/schema.ts');

export type MessageSummary = z.output<Schemas['messageList']>['items'][number];
export type MessageDetail = z.output<Schemas['messageDetail']>;
export type MessageStatus = MessageSummary['status'];
export type Template = z.output<Schemas['templateList']>['items'][number];
export type FieldType = Template['fields'][string];
export type Preview = z.output<Schemas['preview']>;

/** The statuses the log filter offers (the server's list; checked against its type). */
export const MESSAGE_STATUSES = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'suppressed',
] as const satisfies readonly MessageStatus[];

export type ChannelName = MessageSummary['channel'];
export const CHANNELS = ['email', 'sms', 'push'] as const satisfies readonly ChannelName[];

export type LogFilters = {
  status?: MessageStatus;
  channel?: ChannelName;
  kind?: string;
  page: number;
  perPage: number;
};

export const MESSAGES_KEY = ['communications', 'messages'] as const;

export function useMessages(filters: LogFilters) {
  const { get } = useSession();
  const query = new URLSearchParams({
    limit: String(filters.perPage),
    offset: String((filters.page - 1) * filters.perPage),
  });
  if (filters.status) query.set('status', filters.status);
  if (filters.channel) query.set('channel', filters.channel);
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

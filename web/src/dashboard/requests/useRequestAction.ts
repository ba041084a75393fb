import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useSession } from '../session.tsx';
import { API, REQUESTS_KEY, type StaffRequest } from './api.ts';

/**
 * Posts one action on a request (status, note, assignment, duplicate) and puts the answer —
 * the request as it is now — in place; the queue, map and KPIs refresh behind it.
 */
export function useRequestAction(id: string) {
  const { call } = useSession();
  const queryClient = useQueryClient();
  return useCallback(
    async (action: 'status' | 'reopen' | 'notes' | 'assign' | 'duplicate', body: object) => {
      const updated = await call<StaffRequest>(`${API}/${encodeURIComponent(id)}/${action}`, 'POST', body);
      queryClient.setQueryData([...REQUESTS_KEY, 'request', id], updated);
      await queryClient.invalidateQueries({
        queryKey: REQUESTS_KEY,
        predicate: (q) => q.queryKey[1] !== 'request' && q.queryKey[1] !== 'staff',
      });
      return updated;
    },
    [call, queryClient, id],
  );
}

import { useQuery } from '@tanstack/react-query';
import type { StaffListItem } from '../../../../src/modules/identity/schema.ts';
import { useSession } from '../session.tsx';

/** A row of GET /api/v1/staff, as the server's schema describes it. */
export type StaffUser = StaffListItem;

export const STAFF_KEY = ['staff'] as const;

export function useStaffList() {
  const { get } = useSession();
  return useQuery({
    queryKey: STAFF_KEY,
    queryFn: () => get<{ items: StaffUser[] }>('/api/v1/staff').then((r) => r.items),
  });
}

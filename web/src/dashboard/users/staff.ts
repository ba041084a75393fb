import { useQuery } from '@tanstack/react-query';
import type { Role } from '../session.tsx';
import { useSession } from '../session.tsx';

export type StaffUser = {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  status: 'active' | 'disabled';
  lastLoginAt: string | null;
  createdAt: string;
};

export const STAFF_KEY = ['staff'] as const;

export function useStaffList() {
  const { get } = useSession();
  return useQuery({
    queryKey: STAFF_KEY,
    queryFn: () => get<{ items: StaffUser[] }>('/api/v1/staff').then((r) => r.items),
  });
}

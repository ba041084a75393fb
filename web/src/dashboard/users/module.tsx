import type { DashboardModule } from '../moduleTypes.ts';
import { ManageUserPage } from './ManageUserPage.tsx';
import { NewUserPage } from './NewUserPage.tsx';
import { UsersPage } from './UsersPage.tsx';

export const usersModule: DashboardModule = {
  id: 'users',
  href: '/dashboard/users',
  pages: [
    { path: 'users', element: <UsersPage /> },
    { path: 'users/new', element: <NewUserPage /> },
    { path: 'users/:id', element: <ManageUserPage /> },
  ],
};

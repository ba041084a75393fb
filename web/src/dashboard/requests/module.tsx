import type { DashboardModule } from '../moduleTypes.ts';
import { CataloguePage } from './CataloguePage.tsx';
import { Open311KeysPage } from './Open311KeysPage.tsx';
import { RequestPage } from './RequestPage.tsx';
import { RequestsHome } from './RequestsHome.tsx';

export const requestsModule: DashboardModule = {
  id: 'requests',
  href: '/dashboard/requests',
  pages: [
    { path: 'requests', element: <RequestsHome /> },
    { path: 'requests/catalogue', element: <CataloguePage />, permission: 'requests.configure' },
    { path: 'requests/open311', element: <Open311KeysPage />, permission: 'requests.configure' },
    { path: 'requests/:id', element: <RequestPage /> },
  ],
};

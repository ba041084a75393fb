import type { DashboardModule } from '../moduleTypes.ts';
import { MessagePage } from './MessagePage.tsx';
import { MessagesPage } from './MessagesPage.tsx';
import { TemplatesPage } from './TemplatesPage.tsx';

export const communicationsModule: DashboardModule = {
  id: 'communications',
  href: '/dashboard/communications',
  pages: [
    { path: 'communications', element: <MessagesPage /> },
    { path: 'communications/messages/:id', element: <MessagePage /> },
    { path: 'communications/templates', element: <TemplatesPage /> },
  ],
};

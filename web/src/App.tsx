import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Loading } from './components/Loading.tsx';
import { PortalRoutes } from './portal/PortalRoutes.tsx';

// Staff code (and the dashboard's messages) load only when a /dashboard page is opened.
const Dashboard = lazy(() => import('./dashboard/DashboardApp.tsx'));

export function App() {
  return (
    <Routes>
      <Route
        path="/dashboard/*"
        element={
          <Suspense fallback={<Loading />}>
            <Dashboard />
          </Suspense>
        }
      />
      <Route path="/*" element={<PortalRoutes />} />
    </Routes>
  );
}

import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Loading } from '../../components/Loading.tsx';
import { NotFound } from '../../components/NotFound.tsx';
import { addCatalogs } from '../../i18n.ts';
import { ClaimPage } from './ClaimPage.tsx';
import { StartPage } from './StartPage.tsx';
import { TrackLookupPage, TrackPage } from './TrackPage.tsx';
import './requests.css';

// The 311 words load with these pages, so the portal's first load stays small.
addCatalogs(import.meta.glob('../../../../locales/*/requests.json', { eager: true, import: 'default' }));

// The report form (and, from it, the map) loads only when someone starts a report.
const ReportPage = lazy(() => import('./ReportPage.tsx'));

/** 311 for residents at /portal/requests/…: report, track, claim. No account needed. */
export default function RequestsRoutes() {
  return (
    <Routes>
      <Route index element={<StartPage />} />
      <Route
        path="new"
        element={
          <Suspense fallback={<Loading />}>
            <ReportPage />
          </Suspense>
        }
      />
      <Route path="track" element={<TrackLookupPage />} />
      <Route path="track/:code" element={<TrackPage />} />
      <Route path="claim" element={<ClaimPage />} />
      <Route path="*" element={<NotFound homeHref="/" />} />
    </Routes>
  );
}

import type {
  Answers,
  Bilingual,
  CategoryQuestion,
  RequestStatus,
} from '../../../../src/modules/requests/tables.ts';

/**
 * The 311 API as residents see it (src/modules/requests/CONTRACT.md, portal section). The words
 * and questions come from the module's tables as types only; nothing server-side is bundled.
 */
export type { Answers, Bilingual, CategoryQuestion, RequestStatus };
/** The statuses in order (the same list as the server's). */
export const REQUEST_STATUSES = [
  'submitted',
  'acknowledged',
  'in_progress',
  'closed',
] as const satisfies readonly RequestStatus[];

// The server's own type (catalogue.ts), so the two never drift apart.
export type { Category } from '../../../../src/modules/requests/catalogue.ts';

export type Area = {
  minLat: number;
  minLng: number;
  maxLat: number;
  maxLng: number;
  polygon: { type: 'Polygon'; coordinates: number[][][] } | null;
  center: { lat: number; lng: number };
};

export type LatLng = { lat: number; lng: number };

export type AddressMatch = { label: string; lat?: number; lng?: number };

export type NewReport = {
  categoryCode: string;
  description: string;
  address?: string | null;
  location?: LatLng | null;
  answers?: Answers;
  photoIds?: string[];
  contact?: { name?: string; email?: string; phone?: string };
  language: 'en' | 'es';
};

export type Filed = { trackingCode: string; status: RequestStatus; submittedAt: string };

export type PublicUpdate = {
  kind: 'submitted' | 'status' | 'public_note' | 'reopened' | 'duplicate';
  toStatus: string | null;
  body: string | null;
  at: string;
};

export type PublicRequest = {
  trackingCode: string;
  category: { code: string; name: Bilingual };
  status: RequestStatus;
  description: string;
  address: string | null;
  location: LatLng | null;
  submittedAt: string;
  acknowledgedAt: string | null;
  closedAt: string | null;
  dueAt: string;
  closingNote: string | null;
  duplicateOf: string | null;
  photos: { url: string }[];
  updates: PublicUpdate[];
  following: boolean;
};

export type MyRequests = { reported: PublicRequest[]; following: PublicRequest[] };

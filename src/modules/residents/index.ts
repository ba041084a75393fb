// Public API of the residents module: opt-in resident accounts, claims, preferences, their data.
export { residentAuthPlugin, requireResident, residentActor, RESIDENT_COOKIE, RESIDENT_API } from './http.js';
export { residentAuthRoutes } from './routes-auth.js';
export { residentAccountRoutes } from './routes-account.js';
export { residentPasskeyRoutes } from './routes-passkeys.js';
export { residentStaffRoutes } from './routes-staff.js';
export { residentRecipients } from './preferences.js';
// For modules that keep their own lists of residents to tell (311 requests).
export { residentNoticeAddresses } from './notice-addresses.js';
export { purgeExpiredResidentSessions, type ResidentPrincipal } from './sessions.js';
export { ResidentsEvents } from './events.js';
export { lastNameMatches, foldName } from './claims.js';
export { manifest } from './manifest.js';

// Rates sub-module: account types, rate schedules and the rate calculator. Depends on accounts
// (date checks) and shared/.
export { saveAccountType, saveSchedule, listSchedules, type StoredSchedule } from './schedules.js';
export {
  divideHalfUp,
  InvalidScheduleError,
  multiplyRate,
  parseDecimal,
  rateConsumption,
  scheduleInEffect,
  validateSchedule,
  type ChargeLine,
  type RateSchedule,
  type RateTier,
  type Service,
} from './calculator.js';
export { utilityTypesRoutes } from './routes.js';

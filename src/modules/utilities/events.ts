/** Domain events of the utilities module (payloads carry ids, numbers and changes; no secrets). */
export const UtilitiesEvents = {
  accountOpened: 'utilities.account.opened',
  accountUpdated: 'utilities.account.updated',
  accountClosed: 'utilities.account.closed',
  accountReopened: 'utilities.account.reopened',
  meterCreated: 'utilities.meter.created',
  meterInstalled: 'utilities.meter.installed',
  meterRemoved: 'utilities.meter.removed',
  readRecorded: 'utilities.read.recorded',
  readsImported: 'utilities.reads.imported',
  exceptionResolved: 'utilities.exception.resolved',
  rateScheduleSaved: 'utilities.rate_schedule.saved',
} as const;

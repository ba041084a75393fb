/** Domain events of the residents module. Payloads carry ids and choices; no emails, codes or passwords. */
export const ResidentsEvents = {
  signedUp: 'residents.account.signed_up',
  emailVerified: 'residents.account.email_verified',
  signedIn: 'residents.account.signed_in',
  signInFailed: 'residents.account.sign_in_failed',
  lockedOut: 'residents.account.locked_out',
  signedOut: 'residents.account.signed_out',
  passwordReset: 'residents.account.password_reset',
  deleted: 'residents.account.deleted',
  linked: 'residents.link.created',
  unlinked: 'residents.link.removed',
  claimFailed: 'residents.link.claim_failed',
  preferencesChanged: 'residents.preferences.changed',
  phoneVerified: 'residents.phone.verified',
  passkeyAdded: 'residents.passkey.added',
  passkeyRemoved: 'residents.passkey.removed',
} as const;

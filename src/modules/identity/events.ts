/** Domain events of the identity module (payloads carry no passwords or tokens). */
export const IdentityEvents = {
  signedIn: 'identity.staff.signed_in',
  signedOut: 'identity.staff.signed_out',
  signInFailed: 'identity.staff.sign_in_failed',
  lockedOut: 'identity.staff.locked_out',
  created: 'identity.staff.created',
  updated: 'identity.staff.updated',
} as const;

/** Domain events of the communications module. */
export const CommunicationsEvents = {
  resendRequested: 'communications.message.resend_requested',
  unsubscribed: 'communications.address.unsubscribed',
  smsOptedOut: 'communications.phone.opted_out',
  smsOptedIn: 'communications.phone.opted_in',
  settingsChanged: 'communications.settings.changed',
} as const;

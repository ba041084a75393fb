/** Domain events of the communications module. */
export const CommunicationsEvents = {
  resendRequested: 'communications.message.resend_requested',
  unsubscribed: 'communications.address.unsubscribed',
} as const;

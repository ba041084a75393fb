/** The domain events of 311 requests (payloads in CONTRACT.md). */
export const RequestEvents = {
  submitted: 'request.submitted',
  statusChanged: 'request.status_changed',
  reopened: 'request.reopened',
  publicNoteAdded: 'request.public_note_added',
  internalNoteAdded: 'request.internal_note_added',
  assigned: 'request.assigned',
  markedDuplicate: 'request.marked_duplicate',
  followed: 'request.followed',
  claimed: 'request.claimed',
} as const;

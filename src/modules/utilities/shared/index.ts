// What the utilities sub-modules share: the domain event names, the service context, common
// route params and the PDF layout kit of statements and notices. Imports no sub-module.
export { UtilitiesEvents } from './events.js';
export type { UtilityContext } from './context.js';
export { idParams } from './params.js';
export * from './pdf-layout.js';
export { entityFor, pdfQuery, pdfResponse, sendPdf } from './documents.js';

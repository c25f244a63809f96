/**
 * Who each template writes to, without the templates themselves: the suppressions function needs
 * only this to say whose email bounced, and the catalogue (templates/index.ts) would bring every
 * template and ical.js into its bundle. test/unit/email/template-audiences.test.ts keeps it equal
 * to the catalogue's own `audience` of every template.
 */
export const templateAudiences: Readonly<Record<string, 'client' | 'therapist'>> = {
  'enquiry-received': 'client',
  'enquiry-new': 'therapist',
  'enquiry-accepted': 'client',
  'enquiry-declined': 'client',
  'enquiry-nudge': 'therapist',
  'enquiry-closed': 'client',
  'booking-requested': 'client',
  'booking-request': 'therapist',
  'booking-request-nudge': 'therapist',
  'booking-confirmed': 'client',
  'booking-confirmed-therapist': 'therapist',
  'booking-declined': 'client',
  'booking-expired': 'client',
  'booking-cancelled': 'client',
  'booking-cancelled-therapist': 'therapist',
  'booking-moved': 'client',
  'booking-moved-therapist': 'therapist',
  'booking-reminder': 'client',
  'consultation-not-proceeding': 'client',
  'session-invitation': 'client',
  'break-notice': 'client',
  'break-notice-correction': 'client',
  'welcome-back': 'client',
  'return-request-received': 'client',
  'return-request-new': 'therapist',
  'return-accepted': 'client',
  'return-declined': 'client',
  'waiting-list-joined': 'client',
  'waiting-list-new': 'therapist',
  'waiting-list-check-in': 'client',
  'waiting-list-offer': 'client',
  'waiting-list-offer-expired': 'client',
  'waiting-list-closed': 'client',
  'waiting-list-place-free': 'therapist',
  'standing-time-set': 'client',
};

/** Who a template writes to, or undefined for a name not in the catalogue. */
export const audienceOfTemplate = (template: string): 'client' | 'therapist' | undefined =>
  Object.hasOwn(templateAudiences, template) ? templateAudiences[template] : undefined;

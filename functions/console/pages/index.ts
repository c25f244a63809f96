/** Every console page, keyed by the operation ids in shared/manifest/routes.ts. */
import type { ConsolePages } from '../console-page.js';
import { availabilityPages } from './availability.js';
import { bookingPages } from './booking.js';
import { bookingsPages } from './bookings.js';
import { calendarPages } from './calendar.js';
import { breakPages } from './breaks.js';
import { clientPages } from './clients.js';
import { enquiryPages } from './enquiry.js';
import { erasurePages } from './erasure.js';
import { inboxPages } from './inbox.js';
import { profilePages } from './profile.js';
import { returnPages } from './return-request.js';
import { settingsPages } from './settings.js';
import { todayPages } from './today.js';
import { waitingListPages } from './waiting-list.js';

export const consolePages: ConsolePages = {
  ...todayPages,
  ...inboxPages,
  ...enquiryPages,
  ...returnPages,
  ...bookingsPages,
  ...bookingPages,
  ...availabilityPages,
  ...settingsPages,
  ...breakPages,
  ...clientPages,
  ...waitingListPages,
  ...calendarPages,
  ...profilePages,
  ...erasurePages,
};

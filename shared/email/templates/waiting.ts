/** Words the waiting-list emails share. */
import { choices, paragraph, type Block } from '../blocks.js';

/** The one way off the list: quiet (an outlined link, not the main button), and never a push. */
export const leaveLink = (lead: string, leaveUrl: string): Block[] => [
  paragraph(lead),
  choices({ label: 'Leave the waiting list', url: leaveUrl }),
];

export const yourPlaceSubject = (therapistName: string): string => `Your place on ${therapistName}'s waiting list`;

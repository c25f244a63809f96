/**
 * What the JSON API and the console share about the waiting list: an entry's id in the path and the
 * optional note of an offer or a removal (the same rules as a reply to an enquiry).
 */
import * as z from '#shared/zod.js';
import { respondBody } from '../enquiries/enquiry-schemas.js';

/** Entry ids are lower-case ULIDs. */
export const entryParams = z.lazy(() => z.object({ entryId: z.string().check(z.regex(/^[0-9a-z]{26}$/)) }));

/** The offer's and the removal's optional note to the person. */
export const waitingNoteBody = respondBody;

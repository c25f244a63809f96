/**
 * What the therapist's calendar feed says of an appointment. A calendar is seen on lock screens, by
 * a partner sharing the device, by an assistant with delegate access: it shows as little as the
 * therapist chooses. Initials by default, or a first name, or nothing at all. Never an email
 * address, a phone number, a message, and never "therapy" or "counselling" in a title.
 */
export const feedShowsOptions = ['initials', 'first-name', 'nothing'] as const;
export type FeedShows = (typeof feedShowsOptions)[number];
export const defaultFeedShows: FeedShows = 'initials';

const letter = /\p{L}/u;

/** "Alex Morgan" → "A.M.", "Zoë Ødegård-Nakamura" → "Z.Ø.", "Jo" → "J."; nothing when the name has no letters. */
export function initialsOf(name: string): string | undefined {
  const words = name
    .trim()
    .split(/\s+/)
    .filter((w) => letter.test(w));
  if (words.length === 0) return undefined;
  const ends = words.length === 1 ? [words[0]!] : [words[0]!, words.at(-1)!];
  return ends.map((w) => `${w.match(letter)![0]!.toLocaleUpperCase()}.`).join('');
}

/**
 * The first word of the name, if it reads as a name. A "name" typed as an email address or a phone
 * number (people do) falls back to initials, which are letters only, so neither can reach the feed.
 */
export function firstNameOf(name: string): string | undefined {
  const first = name.trim().split(/\s+/)[0] ?? '';
  if (first === '' || first.length > 30 || /[@\d]/.test(first) || !letter.test(first)) return initialsOf(name);
  return first;
}

export function clientShownAs(name: string, shows: FeedShows): string | undefined {
  switch (shows) {
    case 'initials':
      return initialsOf(name);
    case 'first-name':
      return firstNameOf(name);
    case 'nothing':
      return undefined;
  }
}

/** Words a title never holds, whatever a client typed as their name. */
const revealing = /therap|counsel|psych|mental/i;

/** "Appointment with A.M.", a request "Appointment with A.M. (to confirm)", or just "Appointment". */
export function appointmentTitle(clientName: string, shows: FeedShows, requested: boolean): string {
  const shown = clientShownAs(clientName, shows);
  const who = shown && revealing.test(shown) ? initialsOf(clientName) : shown;
  return `${who ? `Appointment with ${who}` : 'Appointment'}${requested ? ' (to confirm)' : ''}`;
}

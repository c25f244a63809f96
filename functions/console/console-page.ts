/**
 * What one console route does: an optional path-parameter schema and one run over a signed-in
 * therapist's request, answering with a page or a redirect. The console handler does the rest
 * (session, CSRF, layout, headers, errors), so a page module holds only its use case calls and HTML.
 */
import type * as z from '#shared/zod.js';
import type { SafeHtml } from '#shared/http/html.js';
import type { Runtime } from '#shared/runtime.js';
import type { TherapistProfile } from '#shared/store/therapists.js';

export type Section =
  | 'today'
  | 'inbox'
  | 'bookings'
  | 'availability'
  | 'settings'
  | 'breaks'
  | 'clients'
  | 'waiting-list'
  | 'calendar'
  | 'profile';

export interface PageView {
  status?: number;
  title: string;
  /** The navigation entry the page belongs to. */
  section?: Section;
  body: SafeHtml;
}

export type ConsoleResult = ({ kind: 'page' } & PageView) | { kind: 'redirect'; location: string };

export interface ConsoleRequest<P> {
  therapist: TherapistProfile;
  params: P;
  query: Readonly<Record<string, string>>;
  /** The POSTed form, without its CSRF field. */
  form: Readonly<Record<string, string>>;
  now: Date;
  /** Goes into every form that acts (forms.ts `actionForm`). */
  csrf: string;
  runtime: Runtime;
}

export interface ConsolePage<P = Record<string, never>> {
  /** A malformed id names nothing that exists: 404. */
  params?: z.ZodMiniType<P>;
  run(request: ConsoleRequest<P>): Promise<ConsoleResult>;
}

export const consolePage = <P = Record<string, never>>(def: ConsolePage<P>): ConsolePage<P> => def;
// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous table, each entry typed at its definition
export type ConsolePages = Record<string, ConsolePage<any>>;

export const showPage = (view: PageView): ConsoleResult => ({ kind: 'page', ...view });

/** Post/Redirect/Get: after a form acts, the browser lands on a page it can reload safely. */
export const redirectTo = (location: string): ConsoleResult => ({ kind: 'redirect', location });

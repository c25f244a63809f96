/** Scheduling steps: what a therapist sets and what an invitation's holder asks, through the driver. */
import { send, type ApiReply } from '#test/support/driver.js';

export const therapistReadsSettings = (therapistId: string): Promise<ApiReply> =>
  send({ method: 'GET', path: '/me/settings', as: therapistId });
export const therapistSavesSettings = (therapistId: string, settings: unknown): Promise<ApiReply> =>
  send({ method: 'PUT', path: '/me/settings', as: therapistId, json: settings });
export const therapistReadsHours = (therapistId: string): Promise<ApiReply> =>
  send({ method: 'GET', path: '/me/availability', as: therapistId });
export const therapistSavesHours = (therapistId: string, hours: unknown): Promise<ApiReply> =>
  send({ method: 'PUT', path: '/me/availability', as: therapistId, json: hours });
export const therapistSetsOverride = (therapistId: string, override: unknown): Promise<ApiReply> =>
  send({ method: 'POST', path: '/me/availability/overrides', as: therapistId, json: override });
export const therapistListsOverrides = (therapistId: string): Promise<ApiReply> =>
  send({ method: 'GET', path: '/me/availability/overrides', as: therapistId });
export const therapistRemovesOverride = (therapistId: string, date: string): Promise<ApiReply> =>
  send({ method: 'DELETE', path: `/me/availability/overrides/${date}`, as: therapistId });

export const someoneViewsInvitation = (token: string): Promise<ApiReply> =>
  send({ method: 'GET', path: `/invitations/${token}` });
export function someoneListsSlots(
  token: string,
  query: { from?: string; to?: string; tz?: string } = {},
): Promise<ApiReply> {
  const qs = new URLSearchParams(
    Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined),
  ).toString();
  return send({ method: 'GET', path: `/invitations/${token}/slots${qs ? `?${qs}` : ''}` });
}

export const mondayToFriday = (timeZone: string, start = '09:00', end = '17:00') => {
  const day = [{ start, end }];
  return { timeZone, weekly: { mon: day, tue: day, wed: day, thu: day, fri: day } };
};

export interface FieldErrorBody {
  errors?: { path: string; message: string }[];
}
export const errorPaths = (reply: ApiReply): string[] => (reply.json<FieldErrorBody>().errors ?? []).map((e) => e.path);

/**
 * A return request still waiting after the nudge time (the enquiry nudge's working days): remind
 * the therapist once, so a client who found the courage to come back is not left in silence. The
 * timer is written with the request and deleted with the therapist's answer.
 */
import type { OutboxMessage } from '#shared/email/messages.js';
import { newId } from '#shared/ids.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import { timerId } from '#shared/store/index.js';
import type { TimerItem } from '#shared/store/timers.js';
import { therapistOf, type UseCaseDeps } from '../deps.js';
import { returnPageUrl } from '../console-links.js';
import { fireWith, retire, type TimerOutcome } from './fire.js';

export const returnNudgeTimerId = (returnId: string): string => timerId('return-request-nudge', returnId);

export async function fireReturnRequestNudge(deps: UseCaseDeps, timer: TimerItem, now: Date): Promise<TimerOutcome> {
  const { config } = deps;
  const { settings } = config;
  const [therapist, request] = await Promise.all([
    therapistOf(deps, timer.therapistId),
    deps.store.returnRequests.get(timer.therapistId, timer.subjectId, now),
  ]);
  if (!therapist || !request || request.status !== 'pending') return retire(deps, timer, now);
  const nudge: OutboxMessage = {
    id: newId(now),
    therapistId: therapist.therapistId,
    fromName: therapist.displayName,
    to: { email: therapist.email, name: therapist.displayName },
    template: 'return-request-new',
    data: {
      therapistName: therapist.displayName,
      clientName: request.name,
      receivedAt: request.receivedAt,
      timeZone: therapist.timeZone,
      hasMessage: Boolean(request.message),
      returnsUrl: returnPageUrl(settings, request.returnId),
      reminder: true,
    },
  };
  return fireWith(deps, timer, now, [deps.store.returnRequests.pending(request), outboxPut(deps.store, nudge, now)]);
}

/** A booking that closes without taking place keeps the person's name and email only for the retention period. */
import type { Settings } from '#shared/config.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export const closedRetention = (settings: Pick<Settings, 'retentionDays'>, now: Date): Date =>
  new Date(now.getTime() + settings.retentionDays * DAY_MS);

/** GET/PUT /me/settings: the therapist's booking settings, defaults until first saved. */
import { RuleViolation } from '#shared/domain/errors.js';
import {
  practiceSettingsSchema,
  withChanges,
  type PracticeSettings,
  type PracticeSettingsChanges,
} from '#shared/domain/practice-settings.js';
import type { UseCaseDeps } from '../deps.js';
import { lengthThatDoesNotFit } from './length-fit.js';

export interface SettingsView {
  settings: PracticeSettings;
  /** False while the therapist has never saved: the settings shown are the defaults. */
  saved: boolean;
}

export const readSettings = async (deps: UseCaseDeps, therapistId: string): Promise<SettingsView> =>
  deps.store.scheduling.getSettings(therapistId);

/** Replaces the whole settings object (validated by practiceSettingsSchema at the edge). */
export async function updateSettings(
  deps: UseCaseDeps,
  therapistId: string,
  settings: PracticeSettings,
  now: Date,
): Promise<SettingsView> {
  const { hours } = await deps.store.scheduling.load(therapistId, now);
  const problem = hours ? lengthThatDoesNotFit(settings, hours.weekly, 'settings') : undefined;
  if (problem) throw new RuleViolation(problem.message, problem.path);
  await deps.store.scheduling.saveSettings(therapistId, settings, now);
  return { settings, saved: true };
}

/**
 * Changes only the fields given, over what is saved: what a settings form does, so a field the form
 * does not show keeps its value. Throws the schema's ZodError, with field paths, for a bad result.
 */
export async function changeSettings(
  deps: UseCaseDeps,
  therapistId: string,
  changes: PracticeSettingsChanges,
  now: Date,
): Promise<SettingsView> {
  const { settings: saved } = await deps.store.scheduling.getSettings(therapistId);
  return updateSettings(deps, therapistId, practiceSettingsSchema.parse(withChanges(saved, changes)), now);
}

/** Dates in the console are asked as day, month by name and year, and joined into the API's YYYY-MM-DD. */
import { describe, expect, it } from 'vitest';
import { dateField, datesIn, noErrors } from '#functions/console/forms.js';

describe('date fields', () => {
  it('joins day, month and year as YYYY-MM-DD; all empty is not given', () => {
    const { form, errors } = datesIn(
      { 'start.day': '3', 'start.month': '8', 'start.year': '2027', 'end.day': '', 'end.month': '', 'end.year': '' },
      ['start', 'end'],
    );
    expect(errors).toEqual([]);
    expect(form.start).toBe('2027-08-03');
    expect(form.end).toBe('');
  });

  it('says plainly what is missing or not on the calendar', () => {
    expect(datesIn({ 'start.day': '3', 'start.month': '', 'start.year': '2027' }, ['start']).errors).toEqual([
      { path: 'start', message: 'Please give the day, the month and the year.' },
    ]);
    expect(datesIn({ 'start.day': '31', 'start.month': '2', 'start.year': '2027' }, ['start']).errors[0]!.message).toBe(
      'Please give a date that is on the calendar, like 29 March 2027.',
    );
    expect(datesIn({ 'start.day': '29', 'start.month': '2', 'start.year': '2028' }, ['start']).form.start).toBe(
      '2028-02-29',
    );
    expect(datesIn({ 'start.day': 'x', 'start.month': '2', 'start.year': '27' }, ['start']).errors).toHaveLength(1);
  });

  it('leaves a date sent whole as it is', () => {
    expect(datesIn({ start: '2027-08-03' }, ['start']).form.start).toBe('2027-08-03');
  });

  it('shows a saved date as day, month by name and year, with no browser date control', () => {
    const page = dateField({ name: 'start', label: 'First day', values: { start: '2027-08-03' } }, noErrors).value;
    expect(page).not.toContain('type="date"');
    expect(page).toContain('name="start.day" inputmode="numeric" maxlength="2" value="3"');
    expect(page).toContain('<option value="8" selected>August</option>');
    expect(page).toContain('value="2027"');
    expect(page).toMatch(/<legend>First day<\/legend>/);
  });
});

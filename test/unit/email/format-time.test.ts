import { describe, expect, it } from 'vitest';
import { formatBy, formatDateTime, formatDay, zoneLabel } from '#shared/email/format-time.js';

describe('times for people', () => {
  it('names the reader’s zone by its city', () => {
    expect(formatDateTime('2025-03-04T10:00:00Z', 'Europe/London')).toBe('Tuesday 4 March, 10:00 (London time)');
    expect(formatDateTime('2025-03-04T10:00:00Z', 'America/New_York')).toBe('Tuesday 4 March, 05:00 (New York time)');
    expect(formatDateTime('2025-03-04T10:00:00Z', 'America/Argentina/Buenos_Aires')).toBe(
      'Tuesday 4 March, 07:00 (Buenos Aires time)',
    );
  });

  it('follows daylight saving', () => {
    expect(formatDateTime('2025-07-01T09:00:00Z', 'Europe/London')).toBe('Tuesday 1 July, 10:00 (London time)');
    expect(formatDateTime('2025-03-30T00:30:00Z', 'Europe/London')).toBe('Sunday 30 March, 00:30 (London time)');
    expect(formatDateTime('2025-03-30T01:30:00Z', 'Europe/London')).toBe('Sunday 30 March, 02:30 (London time)');
  });

  it('keeps the moment of an instant written with another offset', () => {
    expect(formatDateTime('2025-03-04T15:30:00+05:30', 'Europe/London')).toBe('Tuesday 4 March, 10:00 (London time)');
  });

  it('names zones without a city by their offset', () => {
    expect(zoneLabel('UTC')).toBe('UTC');
    expect(zoneLabel('Etc/UTC')).toBe('UTC');
    expect(formatDateTime('2025-03-04T10:00:00Z', 'Etc/GMT-3')).toBe('Tuesday 4 March, 13:00 (UTC+03:00)');
  });

  it('writes days as "by Friday 28 November", on the reader’s calendar', () => {
    expect(formatBy('2025-11-28', 'Europe/London')).toBe('by Friday 28 November');
    expect(formatBy('2025-11-28T17:00:00Z', 'Europe/London')).toBe('by Friday 28 November');
    // Late on the 28th in London is already the 29th in Auckland.
    expect(formatDay('2025-11-28T23:30:00Z', 'Pacific/Auckland')).toBe('Saturday 29 November');
  });

  it('refuses unknown zones and non-dates rather than guessing', () => {
    expect(() => formatDateTime('2025-03-04T10:00:00Z', 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => formatDay('next week', 'Europe/London')).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { actionDonePage, confirmActionPage, formatInZone } from '#functions/enquiries/action-pages.js';

const description = {
  action: 'accept' as const,
  enquiry: {
    enquiryId: 'e1',
    name: 'Alex <script>',
    receivedAt: '2025-03-04T10:00:00.000Z',
    status: 'received' as const,
  },
  therapist: { displayName: 'Sam Rivera', timeZone: 'Europe/London' },
};

describe('one-click action pages', () => {
  it('names the time with its zone', () => {
    expect(formatInZone('2025-03-04T10:00:00.000Z', 'Europe/London')).toBe('Tuesday 4 March, 10:00 (London time)');
    expect(formatInZone('2025-03-04T15:00:00.000Z', 'America/New_York')).toBe('Tuesday 4 March, 10:00 (New York time)');
  });

  it('says what will happen, offers a labelled note and a button, and escapes the name', () => {
    const page = confirmActionPage(description);
    expect(page).toContain(
      'Accept the enquiry from Alex &lt;script&gt;, received Tuesday 4 March, 10:00 (London time)?',
    );
    expect(page).not.toContain('<script>');
    expect(page).toMatch(/<form method="post">/);
    expect(page).toMatch(/<label for="note">[^<]+<\/label>\s*<textarea id="note" name="note"/);
    expect(page).toContain('<button type="submit">Accept enquiry</button>');
  });

  it('confirms what was done', () => {
    expect(actionDonePage({ action: 'decline', clientName: 'Alex' })).toContain('You declined the enquiry from Alex');
  });
});

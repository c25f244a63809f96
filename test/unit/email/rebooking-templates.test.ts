/** What the break and return emails must say beyond the rules every template keeps (templates.test.ts). */
import { describe, expect, it } from 'vitest';
import { ukCrisisSupport } from '#shared/config.js';
import { renderMessage } from '#shared/email/render.js';
import { hrefs } from './html-text.js';
import { rebookingLinks, rebookingSamples } from './rebooking-samples.js';
import { testContactUrl } from './sample.js';

const render = (template: string, data: unknown) => renderMessage({ template, data }, ukCrisisSupport, testContactUrl);
const sample = (label: string) => {
  const found = rebookingSamples.find((s) => s.label === label);
  if (!found) throw new Error(`no sample ${label}`);
  return render(found.template, found.data);
};

describe('break and return emails', () => {
  it('give the break’s dates, the day back, the therapist’s own note, and help while they are away', () => {
    const email = sample('break-notice (with the therapist’s message)');
    expect(email.subject).toBe('Sam Rivera will be away from Monday 4 August to Friday 15 August');
    expect(email.text).toContain('Sam Rivera will be taking a break from Monday 4 August to Friday 15 August.');
    expect(email.text).toContain('Sam Rivera will be back on Monday 18 August.');
    expect(email.text).toContain('  I am taking a summer break.\n  I look forward to seeing you when I am back.');
    expect(email.text).toContain('you will get a separate email if anything changes');
    expect(email.text).toContain('Samaritans: call 116 123');
  });

  it('call off a break in a few plain words', () => {
    const email = sample('break-notice-correction');
    expect(email.text).toContain('That break is not going ahead after all.');
    expect(email.text).toContain('You do not need to do anything.');
  });

  it('invite a client back without pressure, and remind them once just as gently', () => {
    for (const label of ['welcome-back', 'welcome-back (the one reminder)']) {
      const email = sample(label);
      expect(hrefs(email.html), label).toEqual([rebookingLinks.bookingUrl, testContactUrl]);
      expect(email.text, label).toContain('This link stays open until Sunday 24 August, 18:00 (London time).');
      expect(email.text, label).toContain('If you would rather wait, that is fine. You do not need to reply.');
    }
    expect(sample('welcome-back').text).toContain(
      'Sam Rivera will be back on Monday 18 August, and would be glad to see you again.',
    );
    expect(sample('welcome-back (the one reminder)').text).toContain('Here it is again, in case it helps.');
  });

  it('acknowledge a return request as an enquiry is acknowledged: same subject, a reply day, crisis lines', () => {
    const returned = sample('return-request-received');
    const enquiry = render('enquiry-received', {
      clientName: 'Alex Morgan',
      therapistName: 'Sam Rivera',
      replyBy: '2025-09-05T17:00:00Z',
      timeZone: 'Europe/London',
    });
    expect(returned.subject).toBe(enquiry.subject);
    expect(returned.text).toContain('reply to you personally by Friday 5 September');
    expect(returned.text).toContain('Samaritans: call 116 123');
  });

  it('tell the therapist someone wants to come back, never what they wrote', () => {
    const email = renderMessage(
      {
        template: 'return-request-new',
        data: {
          ...rebookingSamples.find((s) => s.label === 'return-request-new (message)')!.data,
          message: 'SENTINEL-wrote-this',
        },
      },
      ukCrisisSupport,
      testContactUrl,
    );
    expect(email.subject).toBe('Return request');
    expect(email.text).toContain('They wrote a message, which you can read after signing in.');
    expect(email.text + email.html).not.toContain('SENTINEL');
    expect(hrefs(email.html)).toEqual([rebookingLinks.returnsUrl]);
    expect(sample('return-request-new (no message)').text).not.toContain('wrote a message');
  });

  it('remind the therapist once, calmly, of a return request still waiting', () => {
    const email = sample('return-request-new (the one reminder)');
    expect(email.subject).toBe('A reminder: a return request is waiting');
    expect(email.text).toContain(
      'Alex Morgan asked on Monday 1 September, 09:15 (London time) to come back. The request is still waiting for your answer.',
    );
    expect(hrefs(email.html)).toEqual([rebookingLinks.returnsUrl]);
  });

  it('welcome a returning client with a link to book straight away', () => {
    const email = sample('return-accepted (note)');
    expect(email.text).toContain('Sam Rivera has read your message and would be glad to see you again.');
    expect(hrefs(email.html)).toEqual([rebookingLinks.bookingUrl, testContactUrl]);
  });
});

/** What the waiting-list emails must say beyond the rules every template keeps (templates.test.ts). */
import { describe, expect, it } from 'vitest';
import { ukCrisisSupport } from '#shared/config.js';
import { renderMessage } from '#shared/email/render.js';
import { hrefs } from './html-text.js';
import { waitingLinks, waitingListSamples } from './waiting-list-samples.js';
import { testContactUrl } from './sample.js';

const sample = (label: string) => {
  const found = waitingListSamples.find((s) => s.label === label);
  if (!found) throw new Error(`no sample ${label}`);
  return renderMessage({ template: found.template, data: found.data }, ukCrisisSupport, testContactUrl);
};

describe('waiting-list emails', () => {
  it('tell a person honestly they are on the list, why, for how long, what happens next, and how to leave', () => {
    const email = sample('waiting-list-joined (expected wait, note)');
    expect(email.subject).toBe('Your message to Sam Rivera');
    expect(email.text).toContain('This is an automatic note so you know it arrived.');
    expect(email.text).toContain(
      'Sam Rivera is full at the moment and cannot take on anyone new just now, so you are on their waiting list.',
    );
    expect(email.text).toContain('It is not about you or anything you wrote.');
    expect(email.text).toContain(
      'Sam Rivera thinks the wait will be about 8 weeks. This is a guess, so it may be shorter or longer.',
    );
    expect(email.text).toContain('  I am sorry to keep you waiting.\n  I hope to have space in the spring.');
    expect(email.text).toContain('you will get a short note every 6 weeks');
    expect(email.text).toContain('You can leave the list at any time, for any reason, here:');
    expect(hrefs(email.html)).toEqual([waitingLinks.leaveUrl, testContactUrl]);
    expect(sample('waiting-list-joined').text).not.toContain('thinks the wait');
  });

  it('check in with one link to stay and one to leave, and say plainly when a place would close', () => {
    const email = sample('waiting-list-check-in (further, closes without an answer)');
    expect(hrefs(email.html)).toEqual([waitingLinks.stayUrl, waitingLinks.leaveUrl, testContactUrl]);
    expect(email.text).toContain('There are some people ahead of you, so it may be a while yet.');
    expect(email.text).toContain(
      'If Sam Rivera does not hear from you by Tuesday 27 May, your place on the list will close then.',
    );
    expect(sample('waiting-list-check-in (next)').text).toContain(
      'Sam Rivera will check in with you again around Tuesday 27 May.',
    );
    // Roughly where things stand: never a number of people.
    for (const s of waitingListSamples.filter((x) => x.template === 'waiting-list-check-in'))
      expect(sample(s.label).text).not.toMatch(/\b\d+ (people|person)/);
  });

  it('offer a place with the booking link and no pressure', () => {
    const email = sample('waiting-list-offer (note)');
    expect(email.subject).toBe('A place with Sam Rivera');
    expect(email.text).toContain('A place has opened with Sam Rivera, and it is yours if you would like it.');
    expect(email.text).toContain('This link stays open until Tuesday 25 March, 10:00 (London time).');
    expect(email.text).toContain(
      'If now is not a good time, you do not need to reply. You will keep your place on the list',
    );
    expect(hrefs(email.html)).toEqual([waitingLinks.bookingUrl, waitingLinks.leaveUrl, testContactUrl]);
  });

  it('close a place kindly whichever way it closed, never blaming, always with other help', () => {
    expect(sample('waiting-list-closed (left)').text).toContain(
      "you have left Sam Rivera's waiting list, as you asked.",
    );
    expect(sample('waiting-list-closed (removed, note)').text).toContain(
      '  I cannot see space opening this year.\n  I wish you well.',
    );
    expect(sample('waiting-list-closed (no reply)').text).toContain('That is fine. Life gets busy and plans change.');
    for (const label of [
      'waiting-list-closed (left)',
      'waiting-list-closed (removed)',
      'waiting-list-closed (no reply)',
    ]) {
      const email = sample(label);
      expect(email.text, label).toContain('Other counsellors and services may be able to help.');
      expect(email.text, label).toContain('Samaritans: call 116 123');
      expect(hrefs(email.html), label).toEqual([testContactUrl]);
    }
  });

  it('tell the therapist who is new and when a place is free, never what anyone wrote', () => {
    const fresh = sample('waiting-list-new (message, email)');
    expect(fresh.subject).toBe('New on your waiting list');
    expect(fresh.text).toContain('They wrote a message, which you can read after signing in.');
    expect(hrefs(fresh.html)).toEqual([waitingLinks.waitingListUrl]);
    expect(sample('waiting-list-place-free (offer expired)').text).toContain(
      'The place you offered Alex Morgan on Tuesday 4 March was not taken up before the link closed.',
    );
    expect(sample('waiting-list-place-free (left)').text).toContain(
      'Alex Morgan has left your waiting list, so the place you offered them on Tuesday 4 March is free again.',
    );
  });
});

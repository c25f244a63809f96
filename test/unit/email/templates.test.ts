import { describe, expect, expectTypeOf, it } from 'vitest';
import { ukCrisisLines, ukCrisisSupport, type CrisisLine, type CrisisSupport } from '#shared/config.js';
import { crisisHeading, crisisLineText, elsewhereText } from '#shared/email/blocks.js';
import type { OutboxMessageBody } from '#shared/email/messages.js';
import { MessageInvalid, renderMessage, TemplateMissing } from '#shared/email/render.js';
import { templates, templatesToWrite } from '#shared/email/templates/index.js';
import { newId } from '#shared/ids.js';
import { hrefs, visibleText, words } from './html-text.js';
import { fleschReadingEase } from './readability.js';
import { samples } from './samples.js';
import { testContactUrl } from './sample.js';

// Outbox ids are ULIDs of when the message was written; a fixed one keeps calendar invites' DTSTAMP fixed.
const id = newId(new Date('2025-02-25T09:30:00Z'));
const render = (template: string, data: unknown, crisisSupport: CrisisSupport = ukCrisisSupport) =>
  renderMessage({ id, template, data }, crisisSupport, testContactUrl);

const SENTINEL = 'SENTINEL-client-wrote-this-7f3a';
const hostile = `<script>alert(1)</script> & "O'Neil"`;

/** Body text without the configured crisis lines, which are the deployment's words, not ours. */
const ownWords = (text: string, lines: CrisisLine[] = ukCrisisLines) =>
  lines.reduce((t, l) => t.replace(crisisLineText(l), ''), text);

describe.each(samples)('$label', ({ template, data }) => {
  const email = render(template, data);

  it('renders a subject, a text part and an HTML part', () => {
    expect(email.subject.length).toBeGreaterThan(0);
    expect(email.text.length).toBeGreaterThan(100);
    expect(email.html).toMatch(/^<!doctype html>/);
  });

  it('says the same in text and HTML, word for word', () => {
    const textWords = words(email.text).filter((w) => !/^https?:\/\//.test(w));
    expect(words(visibleText(email.html))).toEqual(textWords);
    // Every link in the text is a link in the HTML, and no more.
    expect(hrefs(email.html).sort()).toEqual(
      words(email.text)
        .filter((w) => /^https?:\/\//.test(w))
        .sort(),
    );
  });

  it('never contains the client’s message, even when the data carries one', () => {
    const withMessage = render(template, {
      ...data,
      message: SENTINEL,
      messageText: SENTINEL,
      presentingIssue: SENTINEL,
      body: SENTINEL,
    });
    for (const part of [withMessage.subject, withMessage.text, withMessage.html]) expect(part).not.toContain(SENTINEL);
    expect(withMessage).toEqual(email);
  });

  it('escapes names in HTML and keeps them unchanged in text', () => {
    const named = render(template, { ...data, clientName: hostile, therapistName: hostile });
    expect(named.html).not.toContain('<script>');
    expect(named.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;O&#39;Neil&quot;');
    expect(named.text).toContain(hostile);
  });

  it('keeps CR and LF out of the subject', () => {
    const named = render(template, {
      ...data,
      clientName: 'Alex\r\nBcc: x@evil.test',
      therapistName: 'Sam\r\nBcc: x@evil.test',
    });
    expect(named.subject).not.toMatch(/[\r\n]/);
  });

  it('keeps to a neutral subject and a calm voice', () => {
    expect(email.subject).not.toMatch(/therapy|therapist|counsell?ing|counsellor|counselor|mental health|psych/i);
    for (const part of [email.subject, email.text, visibleText(email.html)]) expect(part).not.toContain('!');
    if (templates[template as keyof typeof templates].audience === 'client') {
      expect(ownWords(email.text)).not.toMatch(
        /no-show|no show|missed|failed|last chance|hurry|urgent|asap|immediately|deadline|don't delay/i,
      );
    }
  });

  it('carries the crisis-support block exactly where docs/voice-and-privacy.md asks for it', () => {
    const wanted = templates[template as keyof typeof templates].crisisSupport;
    expect(email.text.includes(crisisHeading)).toBe(wanted);
    for (const line of ukCrisisLines) {
      expect(email.text.includes(crisisLineText(line))).toBe(wanted);
      expect(visibleText(email.html).includes(crisisLineText(line))).toBe(wanted);
    }
    // Where the lines are for, and what to do somewhere else.
    expect(email.text.includes(elsewhereText(ukCrisisSupport))).toBe(wanted);
  });

  it('reads easily: Flesch reading ease of 60 or more', () => {
    expect(fleschReadingEase(email.text)).toBeGreaterThanOrEqual(60);
  });

  it('is signed with the therapist’s name, or says it is automatic', () => {
    if (templates[template as keyof typeof templates].audience === 'client')
      expect(email.text).toMatch(/Best wishes,\nSam Rivera\n/);
    else expect(email.text).toContain('This is an automatic note');
  });

  it('gives a client a way to reach the therapist, never only "replies are not read"', () => {
    if (templates[template as keyof typeof templates].audience !== 'client') return;
    expect(email.text).toContain(`through their contact page:\nWrite to Sam Rivera:\n${testContactUrl}\n`);
    expect(hrefs(email.html)).toContain(testContactUrl);
  });
});

describe('the template set', () => {
  // A therapist's break is on the list too: a client may need help while their therapist is away.
  // And on the waiting list: joining is first contact, a check-in reaches someone still waiting for help.
  it('puts crisis support on first contact, decline, close, a break notice and waiting-list check-ins, and nowhere else', () => {
    const withCrisis = Object.values(templates)
      .filter((t) => t.crisisSupport)
      .map((t) => t.name)
      .sort();
    expect(withCrisis).toEqual([
      'booking-declined',
      'booking-expired',
      'break-notice',
      'consultation-not-proceeding',
      'enquiry-closed',
      'enquiry-declined',
      'enquiry-received',
      'return-declined',
      'return-request-received',
      'waiting-list-check-in',
      'waiting-list-closed',
      'waiting-list-joined',
    ]);
  });

  it('has no field through which a client’s message could reach a template', () => {
    type DataKeys = { [T in OutboxMessageBody as T['template']]: keyof T['data'] }[OutboxMessageBody['template']];
    expectTypeOf<Extract<DataKeys, 'message' | 'messageText' | 'body' | 'text' | 'presentingIssue'>>().toBeNever();
  });

  it('uses the crisis lines it is given (the therapist’s own or the deployment’s), naming where they are for', () => {
    const lines = [{ name: '988 Suicide & Crisis Lifeline', detail: 'call or text 988, any time' }];
    const email = render(
      'enquiry-declined',
      { clientName: 'Alex', therapistName: 'Sam Rivera' },
      { region: 'the United States', lines },
    );
    expect(email.text).toContain('988 Suicide & Crisis Lifeline: call or text 988, any time');
    expect(email.text).toContain(
      'These numbers are for the United States. If you are somewhere else, please call your local emergency number or a helpline where you are.',
    );
    expect(email.html).toContain('988 Suicide &amp; Crisis Lifeline: call or text 988, any time');
    expect(email.text).not.toContain('Samaritans');
  });

  it('names the reader’s zone with every time', () => {
    const nudge = render('enquiry-nudge', {
      ...samples.find((s) => s.template === 'enquiry-nudge')!.data,
      timeZone: 'America/New_York',
    });
    expect(nudge.text).toContain('Tuesday 4 March, 05:00 (New York time)');
    const received = render('enquiry-received', {
      clientName: 'Alex',
      therapistName: 'Sam Rivera',
      replyBy: '2025-11-28T17:00:00Z',
      timeZone: 'Europe/London',
    });
    expect(received.text).toContain('by Friday 28 November');
  });

  it('says when a therapist wrote a message without showing it', () => {
    const [withMessage, without] = samples
      .filter((s) => s.template === 'enquiry-new')
      .map((s) => render(s.template, s.data));
    expect(withMessage!.text).toContain('They wrote a message, which you can read after signing in.');
    expect(without!.text).not.toContain('wrote a message');
    expect(without!.text).toContain('by phone');
  });

  it('offers the booking link when there is one, and otherwise says the therapist will be in touch', () => {
    const [withLink, withoutLink] = samples
      .filter((s) => s.template === 'enquiry-accepted')
      .map((s) => render(s.template, s.data));
    expect(withLink!.text).toContain('Choose a time:\nhttps://api.threshold.test/book/');
    expect(withLink!.text).toContain('(London time)');
    expect(withoutLink!.text).toContain('Sam Rivera will be in touch to arrange a first consultation');
    expect(hrefs(withoutLink!.html)).toEqual([testContactUrl]);
  });

  it('keeps a therapist’s note with its line breaks, escaped', () => {
    const email = render('enquiry-declined', {
      clientName: 'Alex',
      therapistName: 'Sam Rivera',
      note: 'Line one <b>\nLine two',
    });
    expect(email.text).toContain('  Line one <b>\n  Line two');
    expect(email.html).toContain('Line one &lt;b&gt;<br>Line two');
  });

  it('rejects what it cannot render safely, as a permanent problem', () => {
    expect(() => render('enquiry-unknown', {})).toThrow(MessageInvalid);
    expect(() => render('enquiry-closed', { clientName: 'Alex' })).toThrow(MessageInvalid);
    const nudge = samples.find((s) => s.template === 'enquiry-nudge')!.data;
    expect(() => render('enquiry-nudge', { ...nudge, acceptUrl: 'javascript:alert(1)' })).toThrow(MessageInvalid);
    expect(() => render('enquiry-nudge', { ...nudge, timeZone: 'Mars/Olympus_Mons' })).toThrow(MessageInvalid);
    expect(() => render('enquiry-nudge', { ...nudge, receivedAt: 'last Tuesday' })).toThrow(MessageInvalid);
  });

  it.runIf(templatesToWrite.length > 0)(
    'fails loudly, and distinctly, for a catalogued message whose template is not written yet',
    () => {
      expect(() => render((templatesToWrite as readonly string[])[0]!, {})).toThrow(TemplateMissing);
      expect(() => render('enquiry-unknown', {})).not.toThrow(TemplateMissing);
    },
  );

  it('reports which fields were wrong, never their values', () => {
    try {
      render('enquiry-closed', { clientName: 'Alex Private-Name', therapistName: 42 });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain('therapistName');
      expect((error as Error).message).not.toContain('Private-Name');
    }
  });
});

/**
 * What SES publishes to EventBridge for the configuration set's bounce and complaint destination.
 * Shared by the function (to recognise them) and the CDK rule (to match them); no imports, so CDK
 * can read it without pulling in the handler.
 *
 * Sources (checked, not guessed):
 * - EventBridge events reference, Amazon SES service events
 *   (https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-ses.html): `source` is "aws.ses";
 *   detail-types include "Email Bounced" and "Email Complaint Received"; best-effort delivery.
 * - SES developer guide, "Monitoring SES events using Amazon EventBridge"
 *   (https://docs.aws.amazon.com/ses/latest/dg/monitoring-eventbridge.html): SES sends to the default
 *   bus only; events may arrive more than once and out of order.
 * - SES developer guide, contents of event publishing records (the record EventBridge carries as
 *   `detail`; awsdocs/amazon-ses-developer-guide doc-source/event-publishing-retrieving-firehose-contents.md
 *   and -examples.md): `eventType` "Bounce" | "Complaint"; `bounce.bounceType` "Permanent" |
 *   "Transient" | "Undetermined", `bounce.bounceSubType`, `bounce.bouncedRecipients[].emailAddress`,
 *   `bounce.timestamp`, `bounce.feedbackId`; `complaint.complainedRecipients[].emailAddress`,
 *   `complaint.complaintFeedbackType` (abuse, fraud, not-spam, …), `complaint.timestamp`;
 *   `mail.messageId` (what SendEmail returned), `mail.destination[]`, `mail.headers[]`, and
 *   `mail.tags` as { name: [values] } — SES's own "ses:configuration-set" among them, plus the
 *   EmailTags of the send (ours: outboxId and template, shared/email/ses-sender.ts via
 *   functions/mailer/deliver.ts). Tags are published only for sends through a configuration set.
 */
export const SES_EVENT_SOURCE = 'aws.ses';
export const BOUNCE_DETAIL_TYPE = 'Email Bounced';
export const COMPLAINT_DETAIL_TYPE = 'Email Complaint Received';
export const suppressionDetailTypes = [BOUNCE_DETAIL_TYPE, COMPLAINT_DETAIL_TYPE] as const;

/** SES's automatic tag naming the configuration set a message was sent through. */
export const CONFIGURATION_SET_TAG = 'ses:configuration-set';
/** The mailer's EmailTag carrying the outbox item id (functions/mailer/deliver.ts). */
export const OUTBOX_ID_TAG = 'outboxId';

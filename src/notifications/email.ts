// One email as it is queued, stored in the outbox and handed to the mailer: rendered whole
// when queued, so what was sent can be shown later exactly as it went out. The templates in
// views/emails build these; the outbox and the mailers only carry them.
export type Email = {
  template: string
  to: string
  subject: string
  html: string
  text: string
  /** Files sent with the email, in this order; limits in ./attachments.ts. */
  attachments?: EmailAttachment[]
  /**
   * The same news in the app, on the recipient's Notifications page (when the address belongs
   * to an account). Absent for an email whose link is a secret (a password reset, an email
   * confirmation, an invitation): that link belongs in the mailbox only.
   */
  notice?: InAppNotice
}

/** What the Notifications page shows of an email; its title is the email's subject. */
export type InAppNotice = {
  /** One or two sentences. */
  summary: string
  /** The email's button as a path on this site (e.g. /deals/…#chat); null for an email without one. */
  link: string | null
}

/**
 * A file sent with an email, e.g. a calendar invitation or an invoice. A string is the file's
 * text and is sent as UTF-8 (say so in the content type: `text/calendar; charset=utf-8`).
 * The mailer always receives the stored bytes, as a Buffer.
 */
export type EmailAttachment = { name: string; contentType: string; content: Buffer | string }

import { ServerClient, Errors } from 'postmark'
import type { Email, EmailAttachment } from './email.js'
import { attachmentBytes } from './attachments.js'
import { MailError, type Mailer, type SendContext } from './mailer.js'

/** Per request; a send that takes longer is abandoned and retried later. */
export const POSTMARK_TIMEOUT_SECONDS = 10

export type PostmarkOptions = {
  serverToken: string
  from: string
  /** `host:port` of a Postmark-compatible API over plain HTTP (the local stand-in); unset, the real API over HTTPS. */
  apiHost?: string
  /** Per request. The outbox lease must outlast a whole batch of these. */
  timeoutSeconds?: number
}

export function createPostmarkMailer(opts: PostmarkOptions): Mailer {
  const client = new ServerClient(opts.serverToken, {
    ...(opts.apiHost ? { useHttps: false, requestHost: opts.apiHost } : { useHttps: true }),
    timeout: opts.timeoutSeconds ?? POSTMARK_TIMEOUT_SECONDS,
  })
  return {
    name: 'postmark',
    async send(email: Email, context: SendContext = {}) {
      let response
      try {
        response = await client.sendEmail({
          From: opts.from,
          To: email.to,
          Subject: email.subject,
          HtmlBody: email.html,
          TextBody: email.text,
          MessageStream: 'outbound',
          Tag: email.template,
          // Postmark takes each file base64-encoded in the JSON body.
          ...(email.attachments?.length ? { Attachments: email.attachments.map(toPostmarkAttachment) } : {}),
          ...(context.outboxId !== undefined ? { Metadata: { outboxId: String(context.outboxId) } } : {}),
        })
      } catch (err) {
        throw toMailError(err)
      }
      // Postmark answers a refused message with 422, but a 200 carrying an error code would
      // be a refusal all the same, and no MessageID means nothing was accepted.
      if (response.ErrorCode !== 0 || !response.MessageID) {
        throw new MailError(`Postmark refused the email (ErrorCode ${response.ErrorCode}): ${response.Message}`, false)
      }
      return { messageId: response.MessageID }
    },
  }
}

function toPostmarkAttachment(file: EmailAttachment) {
  return { Name: file.name, Content: attachmentBytes(file.content).toString('base64'), ContentType: file.contentType, ContentID: null }
}

/**
 * Sorts Postmark's errors into "try again later" and "this message will never go".
 * Only a 422 (and other 4xx that describe the request itself) condemns the message. Network
 * failures and timeouts (statusCode 0), 429 and 5xx pass. 401/403/404 mean our token or host
 * is wrong: not the message's fault, so it waits (within the attempt limit) for the fix.
 */
export function toMailError(err: unknown): MailError {
  if (!(err instanceof Errors.PostmarkError)) {
    return new MailError(err instanceof Error ? err.message : String(err), true)
  }
  const status = err.statusCode
  if (err instanceof Errors.ApiInputError) {
    return new MailError(`Postmark rejected the email (ErrorCode ${err.code}): ${err.message}`, false)
  }
  const retryable = status === 0 || status >= 500 || [401, 403, 404, 408, 429].includes(status)
  const prefix = status === 0 ? 'Postmark unreachable' : `Postmark HTTP ${status}`
  return new MailError(`${prefix}: ${err.message}`, retryable)
}

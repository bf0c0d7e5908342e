import type { Config } from '../config.js'
import type { Logger } from '../lib/logger.js'
import type { Mailer } from './mailer.js'
import { createPostmarkMailer } from './postmark.js'
import { attachmentBytes } from './attachments.js'

/** Postmark when a token is configured; otherwise emails go to the log (and stay on /dev/mail). */
export function createMailer(config: Config, log: Logger): Mailer {
  if (config.POSTMARK_SERVER_TOKEN) {
    return createPostmarkMailer({ serverToken: config.POSTMARK_SERVER_TOKEN, from: config.MAIL_FROM, apiHost: config.POSTMARK_API_HOST })
  }
  // The log lines carry the links (with their one-time tokens): fine on a laptop, a leak in production.
  if (config.NODE_ENV === 'production') log.warn('POSTMARK_SERVER_TOKEN is not set: emails are written to the log, not sent')
  return createLogMailer(log)
}

const URL_PATTERN = /https?:\/\/[^\s<>"]+/g

/** "Sends" by writing one log line with the links in it, so a developer can follow them. */
export function createLogMailer(log: Logger): Mailer {
  let counter = 0
  return {
    name: 'log',
    async send(email, context = {}) {
      const links = [...new Set(email.text.match(URL_PATTERN) ?? [])]
      const attachments = email.attachments?.map((a) => `${a.name} (${a.contentType}, ${attachmentBytes(a.content).length} bytes)`)
      log.info('email (not sent: no POSTMARK_SERVER_TOKEN)', { to: email.to, subject: email.subject, template: email.template, links, attachments, outboxId: context.outboxId })
      return { messageId: `log-${context.outboxId ?? `${Date.now()}-${++counter}`}` }
    },
  }
}

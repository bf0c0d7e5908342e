// One email as it is queued, stored in the outbox and handed to the mailer: rendered whole
// when queued, so what was sent can be shown later exactly as it went out. The templates in
// views/emails build these; the outbox and the mailers only carry them.
export type Email = { template: string; to: string; subject: string; html: string; text: string }

import cron from 'node-cron'
import type { Kysely } from 'kysely'
import type { Config } from './config.js'
import type { DB } from './db/schema.js'
import type { Logger } from './lib/logger.js'
import type { Mailer } from './notifications/mailer.js'
import { drainOutbox } from './notifications/outbox.js'
import { POSTMARK_TIMEOUT_SECONDS } from './notifications/postmark.js'
import { pruneExpiredSessions } from './accounts/session-pruning.js'
import { pruneRateLimits } from './accounts/rate-limits.js'
import { sendSavedSearchDigests } from './listings/saved-search-digest.js'
import { closeExpiredAuctions } from './auctions/close-expired.js'
import { notifyWatchersEndingSoon } from './auctions/ending-soon.js'
import { dealTerms } from './deals/terms.js'
import { runDealJobs } from './deals/deal-jobs.js'
import { sendChatEmails } from './deals/chat-emails.js'
import { sendPermitExpiryNotices } from './compliance/permit-notices.js'
import { scheduledBackup } from './backups/make-backup.js'
import { timedJob, type Metrics } from './metrics/metrics.js'

export type Scheduler = { stop(): Promise<void> }

export type SchedulerDeps = { db: Kysely<DB>; log: Logger; mailer: Mailer; config: Config; metrics?: Metrics }

/** Cron expressions (six fields: seconds first). Tests pass faster ones. */
export type Schedules = { drainOutbox: string; prune: string; savedSearchDigest: string; closeAuctions: string; endingSoon: string; dealJobs: string; chatEmails: string; permitNotices?: string }

// The digest goes out once a day, early in the European morning (07:00 UTC).
// Auctions are closed every second: a page open at the end time shows "Ended" within a second.
const DEFAULT_SCHEDULES: Schedules = {
  drainOutbox: '*/5 * * * * *', prune: '0 */10 * * * *', savedSearchDigest: '0 0 7 * * *', closeAuctions: '* * * * * *', endingSoon: '0 * * * * *',
  // Payment reminders, automatic completion and offer expiry run on days and hours: a minute is plenty.
  dealJobs: '30 * * * * *',
  // A message unread for 10 minutes is emailed: checked every minute.
  chatEmails: '15 * * * * *',
  // Waste permits expiring within 30 days: once a day (a missed day is caught up the next).
  permitNotices: '0 20 6 * * *',
}
const OUTBOX_BATCH = 50
// Ten at a time: a burst of closes queues two emails an auction, and one after another at
// Postmark's ~100 ms each, 20,000 would take over half an hour to go out. At most ten emails'
// files are in memory at once (an email stays under Postmark's 10 MB).
const OUTBOX_CONCURRENCY = 10
// Each sender's share of the batch goes one after another, each bounded by the mailer's
// timeout: the lease covers the worst case, so a slow batch is never claimed twice while it is
// still sending.
const OUTBOX_LEASE_MS = Math.ceil(OUTBOX_BATCH / OUTBOX_CONCURRENCY) * POSTMARK_TIMEOUT_SECONDS * 1000 + 30_000

export function startScheduler(deps: SchedulerDeps, schedules: Partial<Schedules> = {}): Scheduler {
  const { db, log, mailer } = deps
  const every = { ...DEFAULT_SCHEDULES, ...schedules }
  const running = new Set<Promise<void>>()
  let stopping = false
  // node-cron reports missed ticks and the like; they belong in our JSON log, not on stderr.
  const cronLog = log.child({ component: 'node-cron' })
  const cronLogger = {
    info: (m: string) => cronLog.debug(m),
    warn: (m: string) => cronLog.warn(m),
    error: (m: string | Error) => cronLog.error(String(m)),
    debug: (m: string | Error) => cronLog.debug(String(m)),
  }

  function schedule(name: string, expression: string, job: () => Promise<void>) {
    return cron.schedule(expression, async (tick) => {
      if (stopping) return
      // A failing job (the database is restarting, say) is logged and tried at the next tick;
      // an error escaping here would be an unhandled rejection and take the process down.
      const run = timedJob(deps.metrics, name, tick?.date, job).catch((err: unknown) => {
        log.error('scheduled job failed', { job: name, error: err instanceof Error ? err.message : String(err) })
      })
      running.add(run)
      try {
        await run
      } finally {
        running.delete(run)
      }
    }, { name, noOverlap: true, timezone: 'UTC', logger: cronLogger })
  }

  const tasks = [
    schedule('drain-outbox', every.drainOutbox, async () => {
      // Keep going while batches come back full, so a burst does not wait a tick per batch.
      let claimed
      do {
        const result = await drainOutbox(db, mailer, { now: new Date(), batchSize: OUTBOX_BATCH, concurrency: OUTBOX_CONCURRENCY, leaseMs: OUTBOX_LEASE_MS, log })
        claimed = result.claimed
      } while (claimed === OUTBOX_BATCH && !stopping)
    }),
    schedule('close-auctions', every.closeAuctions, async () => {
      // All that are due, side by side, until none is left: a burst of endings does not wait a tick per batch.
      await closeExpiredAuctions(db, { now: new Date(), terms: dealTerms(deps.config), log, stop: () => stopping })
    }),
    schedule('ending-soon', every.endingSoon, async () => {
      const sent = await notifyWatchersEndingSoon(db, { now: new Date(), baseUrl: deps.config.BASE_URL })
      if (sent) log.info('ending-soon emails queued', { sent })
    }),
    schedule('deal-jobs', every.dealJobs, async () => {
      await runDealJobs(db, { now: new Date(), terms: dealTerms(deps.config), log })
    }),
    schedule('chat-emails', every.chatEmails, async () => {
      let claimed
      do claimed = (await sendChatEmails(db, { now: new Date(), baseUrl: deps.config.BASE_URL, batchSize: 50, log })).claimed
      while (claimed === 50 && !stopping)
    }),
    schedule('permit-notices', every.permitNotices ?? DEFAULT_SCHEDULES.permitNotices!, async () => {
      await sendPermitExpiryNotices(db, { now: new Date(), baseUrl: deps.config.BASE_URL, log })
    }),
    schedule('prune', every.prune, async () => {
      const now = new Date()
      const sessions = await pruneExpiredSessions(db, now)
      await pruneRateLimits(db, now)
      if (sessions) log.info('expired sessions pruned', { sessions })
    }),
    schedule('saved-search-digest', every.savedSearchDigest, async () => {
      const result = await sendSavedSearchDigests(db, { now: new Date(), baseUrl: deps.config.BASE_URL, limitPerSearch: 10, log })
      if (result.people) log.info('saved-search digests queued', result)
    }),
  ]
  // Only with a destination and a PostgreSQL server (BACKUP_SCHEDULE, default every 6 hours).
  const backup = scheduledBackup(deps)
  if (backup) tasks.push(schedule('backup', backup.schedule, backup.run))

  return {
    async stop() {
      stopping = true
      await Promise.all(tasks.map((t) => t.stop()))
      // node-cron's stop() only prevents future ticks; a batch of emails in flight is let
      // finish so that none is left claimed until its lease runs out.
      await Promise.all([...running])
    },
  }
}

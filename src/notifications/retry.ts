// When a failed email is tried again. Exponential backoff spreads retries out while the
// provider is down; "full jitter" (a random delay between zero and the exponential ceiling)
// keeps a batch that failed together from retrying together and hitting Postmark in a burst.
// See https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/

export const RETRY_BASE_MS = 30_000
export const RETRY_CAP_MS = 60 * 60_000
/** After this many attempts an email is given up as failed (about two hours of trying). */
export const MAX_SEND_ATTEMPTS = 10

/** The longest wait after attempt number `attempt` (1 for the first try). */
export function retryCeilingMs(attempt: number, baseMs = RETRY_BASE_MS, capMs = RETRY_CAP_MS): number {
  // Math.min before the power would overflow to Infinity for large attempt counts.
  const exponent = Math.min(Math.max(attempt - 1, 0), 30)
  return Math.min(capMs, baseMs * 2 ** exponent)
}

/** The wait before the next try, or null when `attempt` was the last one allowed. */
export function retryDelayMs(
  attempt: number,
  random: () => number = Math.random,
  opts: { baseMs?: number; capMs?: number; maxAttempts?: number } = {},
): number | null {
  if (attempt >= (opts.maxAttempts ?? MAX_SEND_ATTEMPTS)) return null
  return Math.floor(random() * retryCeilingMs(attempt, opts.baseMs, opts.capMs))
}

import type { Context } from 'hono'
import type { AppEnv } from './context.js'

type NodeBindings = { incoming?: { socket?: { remoteAddress?: string } } }

/**
 * The client's address, for rate limits and the audit log. X-Forwarded-For is only believed
 * when TRUST_PROXY says a reverse proxy sets it; otherwise anyone could claim any address.
 */
export function clientIp(c: Context<AppEnv>): string {
  if (c.var.config.TRUST_PROXY) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
    if (forwarded) return forwarded
  }
  const env = c.env as NodeBindings | undefined
  return env?.incoming?.socket?.remoteAddress ?? 'unknown'
}

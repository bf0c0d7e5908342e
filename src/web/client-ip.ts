import type { Context } from 'hono'
import type { AppEnv } from './context.js'

type NodeBindings = { incoming?: { socket?: { remoteAddress?: string } } }

/**
 * The client's address, for rate limits and the audit log. X-Forwarded-For is only believed
 * when TRUST_PROXY says a reverse proxy sets it; otherwise anyone could claim any address.
 */
export function clientIp(c: Context<AppEnv>): string {
  if (c.get('config').TRUST_PROXY) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
    if (forwarded) return forwarded
  }
  const env = c.env as NodeBindings | undefined
  return env?.incoming?.socket?.remoteAddress ?? 'unknown'
}

/**
 * The address of the connection itself, never a header (a header is whatever the client
 * writes). Null when there is no socket, as for `app.request()` in tests.
 */
export function socketAddress(c: Context<AppEnv>): string | null {
  const env = c.env as NodeBindings | undefined
  return env?.incoming?.socket?.remoteAddress ?? null
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 ("::ffff:127.0.0.1"), and the name localhost. */
export function isLoopback(address: string | null | undefined): boolean {
  if (!address) return false
  const a = address.toLowerCase().replace(/^::ffff:/, '')
  return a === '::1' || a === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a)
}

import type { Config } from '../config.js'
import type { Logger } from '../lib/logger.js'
import { isLoopback } from '../web/client-ip.js'

/**
 * Development mode serves /dev/mail (every email, reset links included). It answers only the
 * loopback interface, but a deployment that forgot NODE_ENV=production and listens on a public
 * interface should hear about it the moment it starts.
 */
export function warnIfDevelopmentIsExposed(config: Config, log: Logger) {
  if (config.NODE_ENV === 'production' || isLoopback(config.HOST)) return
  log.warn('running in development mode on a non-loopback interface: set NODE_ENV=production for a deployment', {
    host: config.HOST, nodeEnv: config.NODE_ENV,
  })
}

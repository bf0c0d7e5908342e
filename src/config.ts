import { z } from 'zod'
import { validate as isCronExpression } from 'node-cron'
import { isValidIban } from './lib/iban.js'
import { checkVatNumber } from './compliance/vat-numbers.js'

// Every environment variable the product reads is named here, once. The defaults are the
// embedded ones, so that `npm install && npm start` works on a fresh machine.
// A whole number in a range, with one message for every way it can be wrong ("abc", 3.5, -1).
const wholeNumber = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error })
}

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: wholeNumber(0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL such as https://nordicloop.example' })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  DATABASE_URL: z.string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string')
    .optional(),
  PGLITE_DIR: z.string().min(1).default('./data/pglite'),
  DATABASE_POOL_SIZE: wholeNumber(1, 200).default(10),
  POSTMARK_SERVER_TOKEN: z.string().min(1).optional(),
  // `host:port` of a Postmark-compatible API; only set in tests and local stand-ins.
  POSTMARK_API_HOST: z.string().regex(/^[\w.-]+(:\d+)?$/, 'must be host or host:port, without a scheme').optional(),
  MAIL_FROM: z.string().min(3).default('NordicLoop <no-reply@nordicloop.example>'),
  S3_BUCKET: z.string().min(3).optional(),
  S3_REGION: z.string().min(1).default('eu-north-1'),
  S3_ENDPOINT: z.url().optional(),
  S3_FORCE_PATH_STYLE: z.stringbool().default(false),
  UPLOAD_DIR: z.string().min(1).default('./data/uploads'),
  TRUST_PROXY: z.stringbool().default(false),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  SCHEDULER: z.stringbool().default(true),
  SEED_DEMO_DATA: z.stringbool().default(true),
  // After the sale. The seller's commission: a percentage of what the seller keeps, at least
  // the minimum (in the currency's major units), deducted from the payout.
  PLATFORM_FEE_PERCENT: z.coerce.number({ error: 'must be a percentage such as 3 or 2.5' })
    .min(0, { error: 'must be from 0 to 50' }).max(50, { error: 'must be from 0 to 50' })
    .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-9, { error: 'must have at most two decimals' })
    .default(3),
  PLATFORM_FEE_MINIMUM: z.string().regex(/^\d{1,7}(\.\d{1,2})?$/, 'must be an amount such as 25 or 12.50').default('25'),
  // The platform's bank account that buyers pay into (funds are held there until released).
  PLATFORM_ACCOUNT_NAME: z.string().min(2).default('NordicLoop AB client account'),
  PLATFORM_IBAN: z.string().transform((v) => v.replace(/\s+/g, '').toUpperCase())
    .refine(isValidIban, { error: 'must be a valid IBAN (country, check digits, account)' })
    .default('SE4550000000058398257466'),
  PLATFORM_BIC: z.string().transform((v) => v.replace(/\s+/g, '').toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/, 'must be a BIC of 8 or 11 characters'))
    .default('ESSESESS'),
  // NordicLoop itself, as its invoices name it: the fee invoices it issues and the invoices it
  // issues on sellers' behalf. The VAT number must be valid for the country.
  PLATFORM_LEGAL_NAME: z.string().min(2).default('NordicLoop AB'),
  PLATFORM_ORG_NUMBER: z.string().min(2).default('559301-2346'),
  PLATFORM_VAT_NUMBER: z.string().min(4).default('SE559301234601'),
  PLATFORM_ADDRESS_LINE: z.string().min(2).default('Kungsgatan 8'),
  PLATFORM_POSTCODE: z.string().min(2).default('111 43'),
  PLATFORM_CITY: z.string().min(2).default('Stockholm'),
  PLATFORM_COUNTRY: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as SE').default('SE'),
  PLATFORM_INVOICE_EMAIL: z.email({ error: 'must be an email address' }).default('invoices@nordicloop.example'),
  // Working days (Monday to Friday) a buyer has to pay, and days after hand-over before a deal
  // completes by itself when the buyer neither confirms nor disputes.
  PAYMENT_TERMS_WORKING_DAYS: wholeNumber(1, 60).default(5),
  DEAL_AUTO_COMPLETE_DAYS: wholeNumber(1, 90).default(7),
  // How live streams are written: straight to the Node response (default, lighter), or through
  // Hono's streamSSE (kept for the SSE bench to compare).
  SSE_WRITER: z.enum(['direct', 'stream']).default('direct'),
  // While changes to one listing pour in, its open pages get a fresh frame at most this often
  // (milliseconds; 0: one for every change). A quiet listing's change goes out at once.
  LIVE_FRAME_INTERVAL_MS: wholeNumber(0, 5000).default(100),
  // /metrics answers a scraper that sends this as its bearer token, or one on this machine
  // connecting directly (not through a proxy); everyone else gets a 404.
  METRICS_TOKEN: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
  // Card payments through Stripe: on when both are set; without them buyers pay by bank transfer.
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_\w+$/, 'must be a Stripe secret key (sk_live_… or sk_test_…)').optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_\w+$/, 'must be a Stripe webhook signing secret (whsec_…)').optional(),
  // Where the Stripe client sends API calls instead of api.stripe.com; only for tests and local stand-ins.
  STRIPE_API_URL: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL such as http://127.0.0.1:12111' }).optional(),
  // Database backups (src/backups): pg_dump files in a folder, or under a key prefix in S3_BUCKET;
  // the newest BACKUP_KEEP are kept. With a destination the scheduler makes one on BACKUP_SCHEDULE.
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_S3_PREFIX: z.string().regex(/^([A-Za-z0-9][A-Za-z0-9._-]*\/)+$/, 'must be a key prefix ending in a slash, such as backups/').optional(),
  BACKUP_KEEP: wholeNumber(1, 1000).default(28),
  BACKUP_SCHEDULE: z.string().refine((v) => v === 'off' || isCronExpression(v), { error: 'must be a cron expression such as 0 0 */6 * * * (seconds first), or off' })
    .default('0 0 */6 * * *'),
}).superRefine((env, ctx) => {
  // One without the other is a half-done setup: checkouts nobody hears back from, or a webhook nothing pays into.
  if (Boolean(env.STRIPE_SECRET_KEY) !== Boolean(env.STRIPE_WEBHOOK_SECRET)) {
    const missing = env.STRIPE_SECRET_KEY ? 'STRIPE_WEBHOOK_SECRET' : 'STRIPE_SECRET_KEY'
    ctx.addIssue({ code: 'custom', path: [missing], message: 'must be set too: card payments need both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (or neither, for bank transfer only)' })
  }
  // The secret key goes wherever this points: a production server only ever talks to Stripe itself.
  if (env.STRIPE_API_URL && env.NODE_ENV === 'production') {
    ctx.addIssue({ code: 'custom', path: ['STRIPE_API_URL'], message: 'is for tests and local stand-ins only: unset it in production' })
  }
  if (env.BACKUP_DIR && env.BACKUP_S3_PREFIX) {
    ctx.addIssue({ code: 'custom', path: ['BACKUP_S3_PREFIX'], message: 'cannot be set with BACKUP_DIR: backups go to one destination, a folder or the bucket' })
  }
  if (env.BACKUP_S3_PREFIX && !env.S3_BUCKET) {
    ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'must be set too: BACKUP_S3_PREFIX puts backups in the S3 bucket' })
  }
  // pg_dump cannot read the embedded database; a destination without a server is a backup that never happens.
  if ((env.BACKUP_DIR || env.BACKUP_S3_PREFIX) && !env.DATABASE_URL) {
    ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'must be set for backups: pg_dump backs up a PostgreSQL server, not the embedded database (copy PGLITE_DIR while the server is stopped)' })
  }
  const vat = checkVatNumber(env.PLATFORM_VAT_NUMBER, env.PLATFORM_COUNTRY)
  if (!vat.ok) ctx.addIssue({ code: 'custom', path: ['PLATFORM_VAT_NUMBER'], message: `must be a valid VAT number of PLATFORM_COUNTRY: ${vat.message}` })
  // Checked even when another variable is wrong, so every mistake is listed at once.
}, { when: (payload) => typeof payload.value === 'object' && payload.value !== null })

export type Config = z.output<typeof EnvSchema> & {
  BASE_URL: string
  secureCookies: boolean
  /** The seller commission in the units deals store: basis points and minor units. */
  fees: { feeRateBp: number; feeMinimum: number }
  /** NordicLoop as its invoices name it. */
  platform: PlatformDetails
}

export type PlatformDetails = {
  legalName: string; orgNumber: string; vatNumber: string; email: string
  address: { line: string; postcode: string; city: string; country: string }
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings in the environment mean "unset", as in most deployment tools.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''))
  const parsed = EnvSchema.safeParse(present)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  // Unset, the public address is this machine on the chosen port.
  const baseUrl = parsed.data.BASE_URL ?? `http://localhost:${parsed.data.PORT}`
  const fees = { feeRateBp: Math.round(parsed.data.PLATFORM_FEE_PERCENT * 100), feeMinimum: Math.round(Number(parsed.data.PLATFORM_FEE_MINIMUM) * 100) }
  const d = parsed.data
  // Checked valid above; stored as invoices print it (normalised, with its country prefix).
  const vat = checkVatNumber(d.PLATFORM_VAT_NUMBER, d.PLATFORM_COUNTRY)
  const platform: PlatformDetails = {
    legalName: d.PLATFORM_LEGAL_NAME, orgNumber: d.PLATFORM_ORG_NUMBER, email: d.PLATFORM_INVOICE_EMAIL,
    vatNumber: vat.ok ? vat.value : d.PLATFORM_VAT_NUMBER,
    address: { line: d.PLATFORM_ADDRESS_LINE, postcode: d.PLATFORM_POSTCODE, city: d.PLATFORM_CITY, country: d.PLATFORM_COUNTRY },
  }
  return { ...d, BASE_URL: baseUrl, secureCookies: baseUrl.startsWith('https://'), fees, platform }
}

/** For entry points: a bad environment prints what is wrong, variable by variable, and exits. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      process.exit(1)
    }
    throw err
  }
}

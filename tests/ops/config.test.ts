// Configuration comes from the environment only; a wrong value stops the server at start
// with a message that names the variable, never later with a stack trace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.js'
import { createApp } from '../../src/app.js'
import { createLogger } from '../../src/lib/logger.js'
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-app.js'
import { runServerToExit } from '../support/server-process.js'

function configError(env: Record<string, string>) {
  try {
    loadConfig(env)
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return (err as ConfigError).message
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`)
}

describe('loadConfig', () => {
  it('names PORT and says a port number is expected', () => {
    for (const port of ['abc', '3.5', '-1', '70000']) {
      expect(configError({ PORT: port })).toMatch(/PORT: must be a whole number from 0 to 65535/)
    }
  })

  it('names BASE_URL and says an absolute http(s) URL is expected', () => {
    for (const url of ['not a url', 'nordicloop.example', 'ftp://nordicloop.example']) {
      expect(configError({ BASE_URL: url })).toMatch(/BASE_URL: must be an absolute http\(s\) URL/)
    }
  })

  it('names DATABASE_URL and says a postgres:// string is expected', () => {
    for (const url of ['mysql://db/app', '127.0.0.1:5432', 'not a url']) {
      expect(configError({ DATABASE_URL: url })).toMatch(/DATABASE_URL: must be a postgres:\/\/ connection string/)
    }
  })

  it('lists every bad variable at once, one per line', () => {
    const message = configError({ PORT: 'abc', BASE_URL: 'nope', DATABASE_URL: 'mysql://x' })
    const lines = message.split('\n').slice(1)
    expect(lines).toHaveLength(3)
    expect(lines.map((l) => l.trim().split(':')[0]).sort()).toEqual(['BASE_URL', 'DATABASE_URL', 'PORT'])
  })

  it('accepts valid values and strips a trailing slash from BASE_URL', () => {
    const config = loadConfig({ PORT: '8080', BASE_URL: 'https://nordicloop.example/', DATABASE_URL: 'postgresql://u:p@db:5432/app' })
    expect(config.PORT).toBe(8080)
    expect(config.BASE_URL).toBe('https://nordicloop.example')
    expect(config.secureCookies).toBe(true)
    expect(config.DATABASE_URL).toBe('postgresql://u:p@db:5432/app')
  })

  it('works with an empty environment: embedded defaults', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      BASE_URL: 'http://localhost:3000',
      secureCookies: false,
      PGLITE_DIR: './data/pglite',
      LOG_LEVEL: 'info',
    })
    expect(config.DATABASE_URL).toBeUndefined()
    // Empty strings count as unset, as deployment tools often write them.
    const blank = loadConfig({ PORT: '', DATABASE_URL: '' })
    expect(blank.PORT).toBe(3000)
    expect(blank.DATABASE_URL).toBeUndefined()
  })
})

describe('loadConfig: card payments through Stripe', () => {
  const key = 'sk_test_4eC39HqLyjWDarjtT1zdp7dc'
  const secret = 'whsec_test_signing_secret'

  it('is off without either variable: bank transfer only', () => {
    const config = loadConfig({})
    expect(config.STRIPE_SECRET_KEY).toBeUndefined()
    expect(config.STRIPE_WEBHOOK_SECRET).toBeUndefined()
  })

  it('is on with both, and takes an API address for a stand-in', () => {
    const config = loadConfig({ STRIPE_SECRET_KEY: key, STRIPE_WEBHOOK_SECRET: secret, STRIPE_API_URL: 'http://127.0.0.1:12111' })
    expect(config).toMatchObject({ STRIPE_SECRET_KEY: key, STRIPE_WEBHOOK_SECRET: secret, STRIPE_API_URL: 'http://127.0.0.1:12111' })
  })

  it('refuses one without the other, naming the missing one', () => {
    expect(configError({ STRIPE_SECRET_KEY: key })).toMatch(/STRIPE_WEBHOOK_SECRET: must be set too: card payments need both/)
    expect(configError({ STRIPE_WEBHOOK_SECRET: secret })).toMatch(/STRIPE_SECRET_KEY: must be set too: card payments need both/)
    // An empty value is unset, as everywhere else.
    expect(configError({ STRIPE_SECRET_KEY: key, STRIPE_WEBHOOK_SECRET: '' })).toMatch(/STRIPE_WEBHOOK_SECRET: must be set too/)
    // Listed beside any other mistake.
    expect(configError({ PORT: 'abc', STRIPE_SECRET_KEY: key })).toMatch(/PORT: must be a whole number[\s\S]*STRIPE_WEBHOOK_SECRET: must be set too/)
  })

  it('says what a key and a signing secret look like', () => {
    expect(configError({ STRIPE_SECRET_KEY: 'pk_test_publishable', STRIPE_WEBHOOK_SECRET: secret })).toMatch(/STRIPE_SECRET_KEY: must be a Stripe secret key/)
    expect(configError({ STRIPE_SECRET_KEY: key, STRIPE_WEBHOOK_SECRET: 'secret' })).toMatch(/STRIPE_WEBHOOK_SECRET: must be a Stripe webhook signing secret/)
    expect(configError({ STRIPE_SECRET_KEY: key, STRIPE_WEBHOOK_SECRET: secret, STRIPE_API_URL: '127.0.0.1:12111' })).toMatch(/STRIPE_API_URL: must be an absolute http\(s\) URL/)
  })

  it('refuses an API address override in production, where the key must only go to Stripe', () => {
    expect(configError({ NODE_ENV: 'production', STRIPE_SECRET_KEY: key, STRIPE_WEBHOOK_SECRET: secret, STRIPE_API_URL: 'http://127.0.0.1:12111' }))
      .toMatch(/STRIPE_API_URL: is for tests and local stand-ins only/)
    expect(loadConfig({ NODE_ENV: 'production', STRIPE_SECRET_KEY: key, STRIPE_WEBHOOK_SECRET: secret }).STRIPE_SECRET_KEY).toBe(key)
  })
})

describe('the server with a bad configuration', () => {
  it('exits with code 1 and prints which variables are wrong, without a stack trace', async () => {
    const result = await runServerToExit({ PORT: 'abc', BASE_URL: 'not a url', DATABASE_URL: 'mysql://db/app' })
    expect(result.code).toBe(1)
    expect(result.output).toContain('Invalid configuration:')
    expect(result.output).toContain('PORT: must be a whole number from 0 to 65535')
    expect(result.output).toContain('BASE_URL: must be an absolute http(s) URL')
    expect(result.output).toContain('DATABASE_URL: must be a postgres:// connection string')
    expect(result.output).not.toMatch(/^\s+at /m)
    expect(result.output).not.toMatch(/ConfigError|Error:/)
  })
})

describe('NODE_ENV=production', () => {
  let database: TestDatabase
  beforeAll(async () => { database = await createTestDatabase() })
  afterAll(() => database.drop())

  const appFor = (NODE_ENV: string) =>
    createApp({ config: testConfig({ NODE_ENV }), database, log: createLogger('silent') })

  it('does not serve the development mail outbox, nor link to it', async () => {
    const production = appFor('production')
    for (const path of ['/dev/mail', '/dev/mail/1']) {
      const res = await production.request(path)
      expect(res.status).toBe(404)
    }
    const home = await production.request('/')
    expect(home.status).toBe(200)
    expect(await home.text()).not.toContain('/dev/mail')
  })

  it('links to the outbox in development (the control for the test above)', async () => {
    const home = await appFor('development').request('/')
    expect(home.status).toBe(200)
    expect(await home.text()).toContain('href="/dev/mail"')
  })
})

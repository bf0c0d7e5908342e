// The real server as a child process, exactly as `npm start` runs it, on its own fresh
// PostgreSQL database and a free port.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { execFile } from 'node:child_process'
import pg from 'pg'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const run = promisify(execFile)

export type E2eServer = {
  baseUrl: string
  databaseUrl: string
  /** Output of the process, for the failure message when something goes wrong. */
  output: () => string
  stop: () => Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.unref()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5_000 })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

function exited(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
}

async function stopProcess(child: ChildProcess, graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited(child)
  clearTimeout(timer)
}

async function waitUntilReady(baseUrl: string, child: ChildProcess, output: () => string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode} before it was ready:\n${output()}`)
    try {
      const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) })
      if (res.ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`The server was not ready within ${timeoutMs / 1000} s:\n${output()}`)
}

/** Starts `node --import tsx src/server.ts` on a new database; `stop()` ends it and drops the database. */
export async function startServer(): Promise<E2eServer> {
  const name = `nordicloop_e2e_${randomBytes(6).toString('hex')}`
  await adminQuery(`CREATE DATABASE ${name}`)
  const dbUrl = new URL(POSTGRES_URL)
  dbUrl.pathname = `/${name}`
  const databaseUrl = dbUrl.toString()
  const dropDatabase = () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)

  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      BASE_URL: baseUrl,
      DATABASE_URL: databaseUrl,
      SCHEDULER: 'true',
      LOG_LEVEL: 'warn',
      SEED_DEMO_DATA: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const output = () => log

  try {
    await waitUntilReady(baseUrl, child, output)
  } catch (err) {
    await stopProcess(child)
    await dropDatabase()
    throw err
  }
  return {
    baseUrl,
    databaseUrl,
    output,
    async stop() {
      await stopProcess(child)
      await dropDatabase()
    },
  }
}

/** Creates a platform admin through the real command-line script, against the server's database. */
export async function createAdminWithCli(server: E2eServer, admin: { email: string; password: string; name?: string }) {
  const args = ['--import', 'tsx', 'scripts/admin-create.ts', '--email', admin.email, '--password', admin.password]
  if (admin.name) args.push('--name', admin.name)
  const { stdout } = await run(process.execPath, args, {
    cwd: ROOT,
    // BASE_URL set explicitly: vitest puts its own ('/') into process.env.
    env: { ...process.env, NODE_ENV: 'test', BASE_URL: server.baseUrl, DATABASE_URL: server.databaseUrl, LOG_LEVEL: 'warn', SEED_DEMO_DATA: 'false' },
    timeout: 60_000,
  })
  return stdout
}

// Runs the real server (`node --import tsx src/server.ts`) as a child process, the way
// production starts it, for tests about startup, signals and failing dependencies.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      const port = typeof address === 'object' && address ? address.port : 0
      srv.close(() => resolve(port))
    })
  })
}

export type Exit = { code: number | null; signal: NodeJS.Signals | null }

export type ServerProcess = {
  url: string
  port: number
  proc: ChildProcess
  /** Resolves when the process has exited. */
  exited: Promise<Exit>
  /** Everything the process wrote so far, stdout and stderr interleaved. */
  output(): string
  /** Sends `signal` (SIGTERM by default) and waits for the exit; SIGKILL after `timeoutMs`. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<Exit>
}

// Only what the server needs: the test runner's own variables (NODE_ENV=test, VITEST, a
// DATABASE_URL of the developer...) must not leak into the process under test.
function childEnv(env: Record<string, string>) {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    LOG_LEVEL: 'info',
    SCHEDULER: 'false',
    SEED_DEMO_DATA: 'false',
    ...env,
  }
}

export function spawnServer(env: Record<string, string>) {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  proc.stdout!.on('data', (d: Buffer) => { out += d.toString() })
  proc.stderr!.on('data', (d: Buffer) => { out += d.toString() })
  const exited = new Promise<Exit>((resolve) => {
    proc.on('exit', (code, signal) => resolve({ code, signal }))
  })
  return { proc, exited, output: () => out }
}

/** Runs the server with `env` until it exits by itself (a configuration error, say). */
export async function runServerToExit(env: Record<string, string>, timeoutMs = 15_000) {
  const { proc, exited, output } = spawnServer(env)
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs)
  const exit = await exited
  clearTimeout(timer)
  return { ...exit, output: output() }
}

/**
 * Starts the server with `env` on a free port of 127.0.0.1 and waits until `waitFor`
 * (default /readyz) answers 200. Without DATABASE_URL the server opens embedded PGlite
 * (pass PGLITE_DIR), which takes several seconds the first time.
 */
export async function startServer(
  env: Record<string, string>,
  opts: { waitFor?: '/readyz' | '/healthz'; timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const { proc, exited, output } = spawnServer({ HOST: '127.0.0.1', PORT: String(port), BASE_URL: url, ...env })
  let exit: Exit | null = null
  void exited.then((e) => { exit = e })

  const stop = async (signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000) => {
    if (exit) return exit
    proc.kill(signal)
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs)
    const result = await exited
    clearTimeout(timer)
    return result
  }

  const deadline = Date.now() + (opts.timeoutMs ?? 30_000)
  const path = opts.waitFor ?? '/readyz'
  for (;;) {
    if (exit) throw new Error(`server exited early (${JSON.stringify(exit)}):\n${output()}`)
    const res = await fetch(url + path, { signal: AbortSignal.timeout(2_000) }).catch(() => null)
    if (res?.status === 200) break
    if (Date.now() > deadline) {
      await stop('SIGKILL')
      throw new Error(`server did not answer 200 on ${path} in time:\n${output()}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return { url, port, proc, exited, output, stop }
}

// ---------------------------------------------------------------------------------------
// A throwaway PostgreSQL cluster on its own port, for tests that stop and restart the
// database under a running server. initdb refuses to run as root, hence `su postgres`.

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin'

export function postgresBinariesPresent() {
  return existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'pg_ctl'))
}

export type PgCluster = {
  url: string
  port: number
  dir: string
  /** Whether the cluster was last started (true) or stopped (false) through this object. */
  readonly running: boolean
  start(): Promise<void>
  /** `fast` ends sessions politely (57P01); `immediate` is closer to a crash. */
  stop(mode: 'fast' | 'immediate'): Promise<void>
  destroy(): Promise<void>
}

function asPostgres(command: string) {
  // Runs as root (the usual container case) through su; as any other user, directly.
  const isRoot = process.getuid?.() === 0
  const [file, args] = isRoot ? ['su', ['postgres', '-s', '/bin/sh', '-c', command]] : ['/bin/sh', ['-c', command]]
  return new Promise<void>((resolve, reject) => {
    execFile(file, args, { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${command} failed: ${err.message}\n${stdout}\n${stderr}`))
      else resolve()
    })
  })
}

export async function createPgCluster(): Promise<PgCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'nordicloop-pg-'))
  if (process.getuid?.() === 0) {
    await new Promise<void>((resolve, reject) =>
      execFile('chown', ['postgres:postgres', dir], (err) => (err ? reject(err) : resolve())))
  }
  const data = join(dir, 'data')
  const port = await freePort()
  await asPostgres(`${PG_BIN}/initdb -D ${data} -U postgres -A trust --no-sync > ${dir}/initdb.log 2>&1`)
  let running = false
  const start = async () => {
    await asPostgres(
      `${PG_BIN}/pg_ctl -D ${data} -w -t 20 -l ${dir}/server.log -o "-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off" start > /dev/null 2>&1`)
    running = true
  }
  const stop = async (mode: 'fast' | 'immediate') => {
    await asPostgres(`${PG_BIN}/pg_ctl -D ${data} -w -m ${mode} stop > /dev/null 2>&1`)
    running = false
  }
  await start()
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    get running() { return running },
    start,
    stop,
    async destroy() {
      await stop('immediate').catch(() => {})
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

// pg_dump and pg_restore, the PostgreSQL client programs backups are made and read with.
import { spawn } from 'node:child_process'
import { access, constants } from 'node:fs/promises'
import { delimiter, join } from 'node:path'

// Debian's PostgreSQL 15 packages put the programs here without adding them to PATH.
const FALLBACK_DIR = '/usr/lib/postgresql/15/bin'

export type PgTool = 'pg_dump' | 'pg_restore'

export class PgToolError extends Error {}

// PATH and the environment the programs inherit belong to the machine, not to NordicLoop's
// settings (which config.ts alone reads): libpq takes its own PG* variables from there, such as
// PGSSLROOTCERT for a server's certificate.

/** The program on PATH, else in PostgreSQL 15's folder; a missing one is an error saying what to install. */
export async function findPgTool(name: PgTool, path = process.env.PATH ?? '', fallbackDir = FALLBACK_DIR): Promise<string> {
  for (const dir of [...path.split(delimiter).filter(Boolean), fallbackDir]) {
    const candidate = join(dir, name)
    try {
      await access(candidate, constants.X_OK)
      return candidate
    } catch { /* not here: the next folder */ }
  }
  throw new PgToolError(`${name} was not found on PATH or in ${fallbackDir}: install the PostgreSQL client programs ` +
    `(Debian: apt-get install postgresql-client), of the server's major version or newer, or put them on PATH`)
}

/**
 * How the programs are told which database: the connection URL without its password, which
 * goes in PGPASSWORD instead, because a program's arguments are visible to every user of the
 * machine (ps) and its environment is not.
 */
export function libpqTarget(databaseUrl: string): { dbname: string; env: Record<string, string> } {
  const url = new URL(databaseUrl)
  const password = decodeURIComponent(url.password)
  url.password = ''
  return { dbname: url.toString(), env: password ? { PGPASSWORD: password } : {} }
}

/** Runs the program and resolves when it exits 0; otherwise rejects with the end of what it printed. */
export function runPgTool(program: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr = (stderr + chunk).slice(-4000) })
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (code === 0) resolve()
      else reject(new PgToolError(`${program.split('/').pop()} failed (${signal ?? `exit ${code}`}): ${stderr.trim() || 'no message'}`))
    })
  })
}

// CPU time spent by the server and by PostgreSQL, read from Linux /proc: user + system time of
// one process, and of every process whose name is "postgres" (the postmaster, its backends and
// helpers). A bench samples both at the start and at the end of its measuring window and
// divides the difference by the requests the window saw.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

/** Clock ticks per second, the unit of /proc/<pid>/stat times (`getconf CLK_TCK`, usually 100). */
const TICKS_PER_S = (() => {
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim())
    return Number.isFinite(n) && n > 0 ? n : 100
  } catch {
    return 100
  }
})()

/** Name, parent and utime + stime (ticks) of a process, or null once it has gone. */
function readStat(pid: string): { comm: string; ppid: number; ticks: number } | null {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return null
  }
  // The name sits in parentheses and may itself hold spaces or parentheses: the fields after
  // it start after the last ')'. They are numbered from 3 (state), so ppid (4) is the 2nd of
  // them, and utime (14) and stime (15) the 12th and 13th.
  const open = text.indexOf('(')
  const close = text.lastIndexOf(')')
  const rest = text.slice(close + 2).split(' ')
  return { comm: text.slice(open + 1, close), ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) }
}

const ms = (ticks: number) => (ticks * 1000) / TICKS_PER_S

/** CPU milliseconds a process has used so far (NaN if it is gone). */
export function processCpuMs(pid: number): number {
  const stat = readStat(String(pid))
  return stat ? ms(stat.ticks) : NaN
}

/**
 * CPU milliseconds the main thread of a process has used so far (NaN if it is gone): for a
 * Node server, its event loop, which is the one thread that runs JavaScript (the others are
 * the garbage collector's helpers and libuv's pool).
 */
export function mainThreadCpuMs(pid: number): number {
  const stat = readStat(`${pid}/task/${pid}`)
  return stat ? ms(stat.ticks) : NaN
}

/** The database a client backend serves, from its title ("postgres: 15/main: user db 127.0.0.1(5432) idle"); null for the postmaster and its helpers. */
function backendDatabase(pid: string): string | null {
  let title: string
  try {
    title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')
  } catch {
    return null
  }
  const m = /^postgres: (?:[^:]+: )?\S+ (\S+) (?:\S+\(\d+\)|\[local\])/.exec(title)
  return m ? m[1] : null
}

/** The postmaster of the cluster a backend belongs to: its parent. */
export function parentPid(pid: number): number {
  const stat = readStat(String(pid))
  if (!stat) throw new Error(`no process ${pid}`)
  return stat.ppid
}

/**
 * CPU milliseconds used so far by the processes named "postgres" now alive: all of them (other
 * clusters too, such as a test run's throwaway one), and those of the cluster `postmaster` heads
 * that serve `database` or the cluster as a whole (the postmaster, WAL writer, checkpointer…),
 * so without other databases' backends (another's tests on the same machine). A backend that
 * exits inside a window takes its time with it, so a window should not see connections come and
 * go (the server's pool and the bench's own stay open).
 */
export function postgresCpuMs(postmaster: number, database: string): { allMs: number; databaseMs: number } {
  let all = 0
  let ours = 0
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    const stat = readStat(pid)
    if (stat?.comm !== 'postgres') continue
    all += stat.ticks
    if (Number(pid) !== postmaster && stat.ppid !== postmaster) continue
    const db = backendDatabase(pid)
    if (db === null || db === database) ours += stat.ticks
  }
  return { allMs: ms(all), databaseMs: ms(ours) }
}

/** Busy CPU milliseconds of the whole machine, all cores together (/proc/stat). */
export function machineBusyMs(): number {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
  return ms(user + nice + system + irq + softirq + (steal ?? 0))
}

export type CpuSample = {
  serverMs: number
  /** The servers' main threads (their event loops), together. */
  serverMainMs: number
  /** All processes named postgres. */
  postgresMs: number
  /** The bench database's backends and its cluster's own processes. */
  postgresBenchMs: number
  /** The bench's own processes (itself, the load generator, the watchers). */
  clientsMs: number
  machineMs: number
}

export type CpuTargets = { serverPids: number[]; postmaster: number; database: string; clientPids: number[] }

export function sampleCpu({ serverPids, postmaster, database, clientPids }: CpuTargets): CpuSample {
  const pg = postgresCpuMs(postmaster, database)
  const clients = clientPids.reduce((sum, pid) => sum + (processCpuMs(pid) || 0), 0)
  return {
    serverMs: serverPids.reduce((sum, pid) => sum + processCpuMs(pid), 0), serverMainMs: serverPids.reduce((sum, pid) => sum + mainThreadCpuMs(pid), 0),
    postgresMs: pg.allMs, postgresBenchMs: pg.databaseMs, clientsMs: clients, machineMs: machineBusyMs(),
  }
}

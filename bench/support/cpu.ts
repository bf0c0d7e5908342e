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

/** Name and utime + stime (ticks) of a process, or null once it has gone. */
function readStat(pid: string): { comm: string; ticks: number } | null {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return null
  }
  // The name sits in parentheses and may itself hold spaces or parentheses: the fields after
  // it start after the last ')'. They are numbered from 3 (state), so utime (14) and stime (15)
  // are the 12th and 13th of them.
  const open = text.indexOf('(')
  const close = text.lastIndexOf(')')
  const rest = text.slice(close + 2).split(' ')
  return { comm: text.slice(open + 1, close), ticks: Number(rest[11]) + Number(rest[12]) }
}

const ms = (ticks: number) => (ticks * 1000) / TICKS_PER_S

/** CPU milliseconds a process has used so far (NaN if it is gone). */
export function processCpuMs(pid: number): number {
  const stat = readStat(String(pid))
  return stat ? ms(stat.ticks) : NaN
}

/**
 * CPU milliseconds used so far by all processes named "postgres" now alive. A backend that exits
 * inside a window takes its time with it, so a window should not see connections come and go
 * (the server's pool and the bench's own stay open).
 */
export function postgresCpuMs(): number {
  let ticks = 0
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    const stat = readStat(pid)
    if (stat?.comm === 'postgres') ticks += stat.ticks
  }
  return ms(ticks)
}

export type CpuSample = { serverMs: number; postgresMs: number }

export function sampleCpu(serverPid: number): CpuSample {
  return { serverMs: processCpuMs(serverPid), postgresMs: postgresCpuMs() }
}

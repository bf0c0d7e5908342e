// SSE watchers for the SSE bench, run as their own process: N raw TCP sockets, each sending
// the GET an EventSource sends and noting when each event id first arrives. Raw sockets
// instead of EventSource or http.get keep this process light, so what is measured is mostly
// the server. Driven over IPC (bench/support/watchers.ts is the parent's side):
//   {type:'connect', port, path, n, track?} → {type:'connected', open, failed, ms}
//   {type:'wait', version, timeoutMs}        → {type:'arrivals', version, times} (epoch ms per socket, null if never)
//   {type:'stats'}                           → {type:'stats', open, frames, bytes, latest} (since connecting)
//   {type:'close'}                           → exits
// With track: false, arrivals are not noted per version (only counted): a load of hundreds of
// versions a second for many seconds would otherwise fill this process's memory.
import net from 'node:net'

export type ClientCommand =
  | { type: 'connect'; port: number; path: string; n: number; track?: boolean }
  | { type: 'wait'; version: number; timeoutMs: number }
  | { type: 'stats' }
  | { type: 'close' }

export type ClientReply =
  | { type: 'connected'; open: number; failed: number; ms: number }
  | { type: 'arrivals'; version: number; times: (number | null)[] }
  /** frames: events received by all watchers; latest: the lowest of the watchers' latest versions. */
  | { type: 'stats'; open: number; frames: number; bytes: number; latest: number | null }

type Watcher = { socket: net.Socket; tail: string; seen: Map<number, number>; open: boolean; latest: number }

const watchers: Watcher[] = []
/** How many watchers have seen each version, to know when one has reached everyone. */
const reached = new Map<number, number>()
let waiting: { version: number; done: () => void } | null = null
let track = true
let frames = 0
let bytes = 0

const ID = /(?:^|\n)id: (\d+)\n/g

function onData(w: Watcher, chunk: Buffer) {
  const now = Date.now()
  // Keep the end of the previous chunk, in case "id: 12" was cut in two.
  const text = w.tail + chunk.toString('latin1')
  w.tail = text.slice(-24)
  bytes += chunk.length
  ID.lastIndex = 0
  for (let m = ID.exec(text); m; m = ID.exec(text)) {
    const version = Number(m[1])
    if (!track) {
      // Versions only rise, so an id seen again (in the tail kept from the last chunk) is no higher.
      if (version > w.latest) { w.latest = version; frames += 1 }
      continue
    }
    if (w.seen.has(version)) continue
    frames += 1
    w.latest = Math.max(w.latest, version)
    w.seen.set(version, now)
    const count = (reached.get(version) ?? 0) + 1
    reached.set(version, count)
    if (waiting && waiting.version === version && count >= openCount()) waiting.done()
  }
}

const openCount = () => watchers.reduce((n, w) => n + (w.open ? 1 : 0), 0)

function connectOne(port: number, path: string): Promise<Watcher | null> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1', noDelay: true })
    const w: Watcher = { socket, tail: '', seen: new Map(), open: false, latest: -1 }
    let settled = false
    const settle = (ok: boolean) => {
      if (settled) return
      settled = true
      resolve(ok ? w : null)
    }
    socket.setTimeout(15_000, () => { socket.destroy(); settle(false) })
    socket.once('connect', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n`)
    })
    socket.on('data', (chunk: Buffer) => {
      if (!w.open) {
        // The stream is open once the status line says 200 (the first frame follows it).
        if (!chunk.toString('latin1', 0, 16).startsWith('HTTP/1.1 200')) { socket.destroy(); settle(false); return }
        w.open = true
        socket.setTimeout(0)
        settle(true)
      }
      onData(w, chunk)
    })
    socket.on('error', () => settle(false))
    socket.on('close', () => { w.open = false; settle(false) })
  })
}

async function connect(cmd: Extract<ClientCommand, { type: 'connect' }>): Promise<ClientReply> {
  const t0 = performance.now()
  track = cmd.track ?? true
  let failed = 0
  // A few hundred at a time: a burst of thousands of SYNs at once would overflow the listen backlog.
  const batch = 250
  for (let i = 0; i < cmd.n; i += batch) {
    const made = await Promise.all(Array.from({ length: Math.min(batch, cmd.n - i) }, () => connectOne(cmd.port, cmd.path)))
    for (const w of made) {
      if (w) watchers.push(w)
      else failed += 1
    }
  }
  return { type: 'connected', open: openCount(), failed, ms: performance.now() - t0 }
}

async function wait(cmd: Extract<ClientCommand, { type: 'wait' }>): Promise<ClientReply> {
  if ((reached.get(cmd.version) ?? 0) < openCount()) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => { waiting = null; resolve() }, cmd.timeoutMs)
      waiting = { version: cmd.version, done: () => { clearTimeout(timer); waiting = null; resolve() } }
    })
  }
  return { type: 'arrivals', version: cmd.version, times: watchers.map((w) => w.seen.get(cmd.version) ?? null) }
}

function stats(): ClientReply {
  const open = watchers.filter((w) => w.open)
  return { type: 'stats', open: open.length, frames, bytes, latest: open.length ? Math.min(...open.map((w) => w.latest)) : null }
}

process.on('message', (cmd: ClientCommand) => {
  if (cmd.type === 'close') {
    for (const w of watchers) w.socket.destroy()
    process.exit(0)
  }
  const work = cmd.type === 'connect' ? connect(cmd) : cmd.type === 'wait' ? wait(cmd) : Promise.resolve(stats())
  void work.then((reply) => process.send!(reply))
})

// The parent's side of sse-clients.ts: starts the watchers' process and asks it, over IPC, to
// connect, wait for a version, count what arrived, or close.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import type { ClientCommand, ClientReply } from './sse-clients.js'

export class Watchers {
  private child: ChildProcess
  constructor() {
    const file = fileURLToPath(new URL('./sse-clients.ts', import.meta.url))
    this.child = spawn(process.execPath, ['--import', 'tsx', file], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  }

  get pid(): number | undefined {
    return this.child.pid
  }

  ask<T extends ClientReply['type']>(cmd: ClientCommand, answer: T): Promise<Extract<ClientReply, { type: T }>> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`SSE clients exited with ${code}`))
      this.child.once('exit', onExit)
      const onMessage = (m: ClientReply) => {
        if (m.type !== answer) return
        this.child.off('message', onMessage)
        this.child.off('exit', onExit)
        resolve(m as Extract<ClientReply, { type: T }>)
      }
      this.child.on('message', onMessage)
      this.child.send(cmd)
    })
  }

  async close() {
    if (this.child.exitCode !== null) return
    const exited = new Promise((r) => this.child.once('exit', r))
    this.child.send({ type: 'close' } satisfies ClientCommand)
    await Promise.race([exited, sleep(5000)])
    if (this.child.exitCode === null) this.child.kill('SIGKILL')
  }
}

// While changes to one id pour in, its pages get a frame at most every FRAME_INTERVAL_MS, each
// with the latest state; after a quiet spell a change goes out at once. First with a clock the
// test holds (so "at once" and "not yet" are exact), then through a real hub and database.
import { afterAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { DB } from '../../src/db/schema.js'
import { createLogger } from '../../src/lib/logger.js'
import { FanOut, FRAME_INTERVAL_MS } from '../../src/live/fan-out.js'
import { LiveHub } from '../../src/live/hub.js'
import type { Topic } from '../../src/live/topic.js'
import { createTestDatabase } from '../support/test-app.js'
import { followPage, until } from '../support/live-page.js'
import { boardTopic, createBoard, createNoticeBoardTables, postNotice } from './fixtures/notice-board.js'

const log = createLogger('silent')

describe('a fan-out with a clock the test holds', () => {
  // A topic whose state is a counter the test moves on, one page following id "a".
  let counter = 0
  const topic: Topic<number, null> = {
    kind: 'counter', incremental: false,
    load: async (_db, ids) => new Map(ids.map((id) => [id, counter])),
    version: (state) => state, isClosed: () => false, viewerKey: () => 'all', render: (state) => `v${state}`,
  }
  const db = {} as Kysely<DB>
  const now = new Date()

  it('sends the first change at once, holds the next ones to the interval, then sends the latest only', async () => {
    const fanOut = new FanOut(topic as Topic<unknown, unknown>)
    const frames: string[] = []
    fanOut.add({ id: 'a', viewer: null, version: 0, write: (chunk) => { frames.push(String(chunk)); return true }, close: () => {} })
    const change = () => { counter += 1; fanOut.mark('a') }

    // The page's first catch-up and a change after a quiet spell: due at once.
    change()
    expect(fanOut.dueIn(1000)).toBe(0)
    await fanOut.flush(db, now, log, 1000)
    expect(frames).toHaveLength(1)

    // Three more changes within the interval: nothing is due until it has passed.
    change()
    expect(fanOut.dueIn(1030)).toBe(FRAME_INTERVAL_MS - 30)
    await fanOut.flush(db, now, log, 1030)
    change(); change()
    await fanOut.flush(db, now, log, 1000 + FRAME_INTERVAL_MS - 1)
    expect(frames).toHaveLength(1)
    await fanOut.flush(db, now, log, 1000 + FRAME_INTERVAL_MS)
    expect(frames).toHaveLength(2)
    expect(frames[1]).toContain(`v${counter}`) // the latest state, not each one between

    // Quiet for longer than the interval: the next change goes out at once again.
    change()
    expect(fanOut.dueIn(1000 + 3 * FRAME_INTERVAL_MS)).toBe(0)
    expect(fanOut.dueIn(1000 + 3 * FRAME_INTERVAL_MS + 1)).toBe(0)
    expect(fanOut.dueIn(1000 + FRAME_INTERVAL_MS + 10)).toBe(FRAME_INTERVAL_MS - 10)
    await fanOut.flush(db, now, log, 1000 + 3 * FRAME_INTERVAL_MS)
    expect(frames).toHaveLength(3)
    expect(fanOut.dueIn(1000 + 3 * FRAME_INTERVAL_MS)).toBeNull()
  })
})

describe('a hub while notices pour in', async () => {
  const database = await createTestDatabase()
  await createNoticeBoardTables(database.db)
  const hub = new LiveHub({ db: database.db, log, clock: () => new Date(), topics: [boardTopic] })
  await hub.start(database)
  afterAll(async () => {
    await hub.stop()
    await database.drop()
  })

  it('sends a page every notice, in fewer frames than notices, at most one per interval, the last one current', async () => {
    const boardId = await createBoard(database.db)
    const page = followPage(hub, boardTopic, boardId, { name: 'Karin' }, 0)
    await hub.idle()
    const started = performance.now()
    const bodies = Array.from({ length: 40 }, (_, i) => `notice ${i + 1}`)
    let last = 0
    for (const body of bodies) last = await postNotice(database.db, boardId, body)
    const elapsed = performance.now() - started
    await until(() => page.frames.at(-1)?.id === String(last), 'the last notice on the page')
    await hub.idle()

    // Every notice reached the page once, in order, across the frames (each holds what is new).
    const shown = page.frames.flatMap((f) => f.data.replace(/^<p>for Karin: |<\/p>$/g, '').split(' | '))
    expect(shown).toEqual(bodies)
    // At most one frame per interval, plus the first (sent at once) and the one after the burst.
    expect(page.frames.length).toBeLessThan(bodies.length)
    expect(page.frames.length).toBeLessThanOrEqual(Math.ceil(elapsed / FRAME_INTERVAL_MS) + 2)
  })
})

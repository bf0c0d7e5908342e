// The live hub carries any topic kind, not only listings. A second, trivial kind — a notice
// board backed by two tables of this test's own, whose frames hold only the notices newer than
// what a page shows, as a deal's chat will — rides the same hub beside the listing topic:
// each page gets its own topic's frames only, announcements from another connection (as from
// another instance) arrive, a page that is behind catches up, and each kind closes its own way.
// Frames are waited for with a generous timeout; speed is the SSE bench's business.
import { afterAll, describe, expect, it } from 'vitest'
import { openPostgres, type Database } from '../../src/db/database.js'
import { createLogger } from '../../src/lib/logger.js'
import { LiveHub } from '../../src/live/hub.js'
import { announce } from '../../src/live/topic.js'
import { listingTopic } from '../../src/auctions/listing-topic.js'
import { changeListing, lockListing } from '../../src/listings/listing-state.js'
import { createTestDatabase } from '../support/test-app.js'
import { createTestCompany } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { followPage, until, type Page } from '../support/live-page.js'
import { boardTopic, createBoard, createNoticeBoardTables, postNotice, rendersOf } from './fixtures/notice-board.js'

const database = await createTestDatabase()
const db = database.db
const log = createLogger('silent')
// Another pool on the same database, as another app instance has (PGlite has one connection).
const other: Database = database.url ? openPostgres(database.url, log, 2) : database
const hubs: LiveHub[] = []
afterAll(async () => {
  for (const hub of hubs) await hub.stop()
  if (other !== database) await other.close()
  await database.drop()
})

await createNoticeBoardTables(db)

async function startHub(on: Database = database) {
  const hub = new LiveHub({ db: on.db, log, clock: () => new Date(), topics: [listingTopic, boardTopic] })
  await hub.start(on)
  hubs.push(hub)
  return hub
}

async function withdrawListing(id: string, opts: { announce?: boolean } = {}) {
  return db.transaction().execute(async (trx) => {
    const locked = (await lockListing(trx, id))!
    if (opts.announce === false) {
      await trx.updateTable('listings').set({ status: 'withdrawn', ended_at: new Date(), version: locked.version + 1 }).where('id', '=', id).execute()
      return locked.version + 1
    }
    return changeListing(trx, locked, { status: 'withdrawn', ended_at: new Date() }, new Date())
  })
}

/** A change to the listing that is not announced (as if its NOTIFY had been lost). */
async function bumpListing(id: string) {
  const row = await db.updateTable('listings').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', id).returning('version').executeTakeFirstOrThrow()
  return row.version
}

const visitor = { companyId: null, timeZone: 'Europe/Stockholm' }
const listingVersion = async (id: string) => (await db.selectFrom('listings').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version

async function liveListing() {
  const seller = await createTestCompany(db, { status: 'approved' })
  return createTestListing(db, seller.companyId)
}

describe('topics on one hub', () => {
  it('wakes only the pages of the kind announced, even for the same id in two kinds', async () => {
    const hub = await startHub()
    const listingId = await liveListing()
    // A board whose id is the listing's: only the kind tells the two apart.
    const boardId = await createBoard(db, listingId)
    const listingPage = followPage(hub, listingTopic, listingId, visitor, await listingVersion(listingId))
    const boardPage = followPage(hub, boardTopic, boardId, { name: 'Karin' }, 0)
    await hub.idle()

    // Both change, unannounced; then only the board is announced. Were the listing's pages woken
    // too, the one behind would be sent the listing's new version.
    const unannouncedListing = await bumpListing(listingId)
    const noticeVersion = await postNotice(other.db, boardId, 'Pallets collected on Tuesday', { announce: false })
    await announce(other.db, boardTopic.kind, boardId, noticeVersion)
    await until(() => boardPage.frames.length > 0, 'the notice on the board page')
    // And the other way round: a notice the board's pages are not told of, then the listing's
    // withdrawal, announced.
    await postNotice(other.db, boardId, 'unannounced', { announce: false })
    const withdrawnVersion = await withdrawListing(listingId)
    await until(() => listingPage.closed, 'the withdrawal on the listing page')
    await hub.idle()

    expect(boardPage.frames).toEqual([{ id: String(noticeVersion), data: '<p>for Karin: Pallets collected on Tuesday</p>' }])
    expect(withdrawnVersion).toBe(unannouncedListing + 1)
    expect(listingPage.frames.map((f) => f.id ?? f.event)).toEqual([String(withdrawnVersion), 'closed'])
    expect(listingPage.frames[0].data).toContain('Withdrawn')
  })

  it('delivers an announcement from another connection to every instance, and none from a rolled-back write', async () => {
    const [hubA, hubB] = [await startHub(), await startHub(other)]
    const boardId = await createBoard(db)
    const onA = followPage(hubA, boardTopic, boardId, { name: 'Mikko' }, 0)
    const onB = followPage(hubB, boardTopic, boardId, { name: 'Mette' }, 0)

    // Written through this instance's own pool, announced, then rolled back: never sent.
    await expect(db.transaction().execute(async (trx) => {
      await announce(trx, boardTopic.kind, boardId, 99)
      throw new Error('rolled back')
    })).rejects.toThrow('rolled back')
    const version = await postNotice(other.db, boardId, 'Weighbridge closed for repairs')

    for (const page of [onA, onB]) await until(() => page.frames.length > 0, 'the notice on both instances')
    expect(onA.frames[0]).toMatchObject({ id: String(version), data: '<p>for Mikko: Weighbridge closed for repairs</p>' })
    expect(onB.frames[0]).toMatchObject({ id: String(version), data: '<p>for Mette: Weighbridge closed for repairs</p>' })
  })

  it('catches a page up with only what is newer than the version it shows, rendering once per viewer and version', async () => {
    const hub = await startHub()
    const boardId = await createBoard(db)
    for (const body of ['one', 'two', 'three']) await postNotice(db, boardId, body)

    const behind = [followPage(hub, boardTopic, boardId, { name: 'Jonas' }, 1), followPage(hub, boardTopic, boardId, { name: 'Jonas' }, 1)]
    const further = followPage(hub, boardTopic, boardId, { name: 'Jonas' }, 2)
    const fresh = followPage(hub, boardTopic, boardId, { name: 'Ingrid' }, -1)
    const current = followPage(hub, boardTopic, boardId, { name: 'Jonas' }, 3)
    for (const page of [...behind, further, fresh]) await until(() => page.frames.length > 0, 'the catch-up frame')
    await hub.idle()

    for (const page of behind) expect(page.frames).toEqual([{ id: '3', data: '<p>for Jonas: two | three</p>' }])
    expect(further.frames).toEqual([{ id: '3', data: '<p>for Jonas: three</p>' }])
    expect(fresh.frames).toEqual([{ id: '3', data: '<p>for Ingrid: one | two | three</p>' }])
    expect(current.frames, 'a page that shows the current version is sent nothing').toEqual([])
    expect(rendersOf(boardId)).toEqual(['Ingrid@-1', 'Jonas@1', 'Jonas@2'])

    // Now every page shows version 3: the next notice is one render per viewer, whatever each showed before.
    await postNotice(other.db, boardId, 'four')
    for (const page of [...behind, further, fresh, current]) await until(() => page.frames.length > (page === current ? 0 : 1), 'notice four')
    expect(current.frames.at(-1)).toEqual({ id: '4', data: '<p>for Jonas: four</p>' })
    expect(rendersOf(boardId)).toEqual(['Ingrid@-1', 'Ingrid@3', 'Jonas@1', 'Jonas@2', 'Jonas@3'])
  })

  it('closes each kind its own way: a closed board and a listing no longer live end their streams', async () => {
    const hub = await startHub()
    const boardId = await createBoard(db)
    const listingId = await liveListing()
    const reader = followPage(hub, boardTopic, boardId, { name: 'Karin' }, 0)
    const watcher = followPage(hub, listingTopic, listingId, visitor, await listingVersion(listingId))

    await postNotice(other.db, boardId, 'still open')
    await until(() => reader.frames.length > 0, 'an ordinary notice')
    expect(reader.closed, 'an open board keeps its stream').toBe(false)

    const last = await postNotice(other.db, boardId, 'closing the board', { close: true })
    await until(() => reader.closed, 'the board page to be ended')
    expect(reader.frames.slice(-2)).toEqual([
      { id: String(last), data: '<p>for Karin: closing the board (board closed)</p>' },
      { event: 'closed', data: '' },
    ])
    // A page opening on a closed board it already shows is still told, and ended.
    const late = followPage(hub, boardTopic, boardId, { name: 'Karin' }, last)
    await until(() => late.closed, 'the late page to be ended')
    expect(late.frames.map((f) => f.event ?? f.id)).toEqual([String(last), 'closed'])

    expect(watcher.closed).toBe(false)
    await withdrawListing(listingId)
    await until(() => watcher.closed, 'the listing page to be ended')
    expect(watcher.frames.at(-1)).toEqual({ event: 'closed', data: '' })
  })

  it('refreshes every kind after a LISTEN reconnect, and reaches every page past one write slice', async () => {
    const hub = await startHub()
    const boardId = await createBoard(db)
    const listingId = await liveListing()
    const readers = Array.from({ length: 1_200 }, (_, i) => followPage(hub, boardTopic, boardId, { name: `reader ${i % 3}` }, 0))
    const watcher = followPage(hub, listingTopic, listingId, visitor, await listingVersion(listingId))
    await hub.idle()

    // Changed while the LISTEN connection was down: nothing was announced.
    const version = await postNotice(db, boardId, 'missed while away', { announce: false })
    const listingAt = await withdrawListing(listingId, { announce: false })
    hub.refreshAll()
    await hub.idle()

    for (const page of readers) expect(page.frames.map((f) => f.id)).toEqual([String(version)])
    expect(watcher.frames.map((f) => f.id ?? f.event)).toEqual([String(listingAt), 'closed'])
  })

  it('ends every page of every kind with the retry hint when the hub stops', async () => {
    const hub = await startHub()
    const pages: Page[] = [
      followPage(hub, boardTopic, await createBoard(db), { name: 'Mette' }, 0),
      followPage(hub, listingTopic, await liveListing(), visitor, 1_000),
    ]
    await hub.idle()
    hubs.splice(hubs.indexOf(hub), 1)
    await hub.stop({ retryMs: 3_000 })
    for (const page of pages) {
      expect(page.closed).toBe(true)
      expect(page.text.endsWith('retry: 3000\nevent: reconnect\n\n')).toBe(true)
    }
    // A request still under way when the hub stopped is ended at once.
    const latecomer = followPage(hub, boardTopic, await createBoard(db), { name: 'Mette' }, 0)
    expect(latecomer.closed).toBe(true)
  })

  it('refuses a topic it does not carry and two topics of one kind', async () => {
    const hub = await startHub()
    expect(() => followPage(hub, { ...boardTopic }, 'x', { name: 'Jonas' }, 0)).toThrow('no live topic "notice_board"')
    expect(() => new LiveHub({ db, log, clock: () => new Date(), topics: [boardTopic, { ...boardTopic }] })).toThrow('Two live topics')
    expect(() => new LiveHub({ db, log, clock: () => new Date(), topics: [{ ...boardTopic, kind: 'Notice-Board' }] })).toThrow('lowercase')
  })
})

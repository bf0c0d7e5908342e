// Transfer notes are kept (at least two years; in practice for ever): no path in the app deletes
// one, and the database itself refuses to — deleting the note's rows, emptying its tables, or
// deleting the deal, either company or a signer that would take a note with it.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { noteFootprint, noteWorld } from './note-world.js'

const w = await noteWorld()
const { db } = w
const deal = await w.readyDeal()
await w.sign('seller', deal.id)
await w.sign('buyer', deal.id)
const kept = await noteFootprint(db, deal.id)

const refusals: Array<[string, () => Promise<unknown>]> = [
  ['deleting the deal', () => db.deleteFrom('deals').where('id', '=', deal.id).execute()],
  ['deleting the seller’s company', () => db.deleteFrom('companies').where('id', '=', w.seller.companyId).execute()],
  ['deleting the buyer’s company', () => db.deleteFrom('companies').where('id', '=', w.buyer.companyId).execute()],
  ['deleting the person who signed', () => db.deleteFrom('users').where('id', '=', w.people.purchaser.userId).execute()],
  ['deleting the lot', () => db.deleteFrom('listings').where('id', '=', deal.listing_id).execute()],
  ['deleting the note', () => db.deleteFrom('transfer_notes').where('deal_id', '=', deal.id).execute()],
  ['deleting its signatures', () => db.deleteFrom('transfer_note_signatures').where('note_id', '=', kept.note!.id).execute()],
  ['deleting its history', () => db.deleteFrom('transfer_note_events').where('note_id', '=', kept.note!.id).execute()],
  ['rewriting its history', () => db.updateTable('transfer_note_events').set({ kind: 'created' }).where('note_id', '=', kept.note!.id).execute()],
  ['resetting the numbering', () => db.deleteFrom('transfer_note_counter').execute()],
  ['emptying the notes', () => sql`TRUNCATE transfer_notes CASCADE`.execute(db)],
  ['emptying the signatures', () => sql`TRUNCATE transfer_note_signatures`.execute(db)],
  ['emptying the history', () => sql`TRUNCATE transfer_note_events`.execute(db)],
]

describe('keeping notes', () => {
  it.each(refusals)('the database refuses %s, and the note is as it was', async (_label, attempt) => {
    await expect(attempt()).rejects.toThrow(/violates foreign key constraint|waste transfer notes are kept|cannot truncate a table referenced/)
    expect(await noteFootprint(db, deal.id)).toEqual(kept)
  })

  it('no code in the app deletes from the transfer note tables', () => {
    const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
      const path = join(dir, f)
      return statSync(path).isDirectory() ? files(path) : /\.(ts|tsx|sql)$/.test(f) ? [path] : []
    })
    const offenders = [...files('src'), ...files('scripts')]
      .filter((f) => /deleteFrom\(\s*['"]transfer_note|DELETE\s+FROM\s+transfer_note|TRUNCATE\s+transfer_note/i.test(readFileSync(f, 'utf8')))
    expect(offenders).toEqual([])
  })

  it('no reference to a deal, company or person cascades onto a note’s rows', async () => {
    const { rows } = await sql<{ table: string; rule: string }>`
      select cl.relname as table, c.confdeltype as rule from pg_constraint c join pg_class cl on cl.oid = c.conrelid
      where c.contype = 'f' and cl.relname like 'transfer_note%'`.execute(db)
    expect(rows.length).toBeGreaterThanOrEqual(6)
    // 'r' is RESTRICT: deleting what a note refers to is refused while the note exists.
    expect(rows.filter((r) => r.rule !== 'r')).toEqual([])
  })
})

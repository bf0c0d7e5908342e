// The waste categories as admins manage them: add, rename, retire, reinstate. The slug is a
// stable key (impact factors and URLs use it), so it is set once and never renamed.
import { sql, type Kysely } from 'kysely'
import { z } from 'zod'
import type { DB } from '../db/schema.js'
import type { FieldErrors } from '../web/forms.js'
import type { AdminCategory } from './types.js'
import { searchExtraSql } from '../listings/search-extra.js'
import { recordAudit } from './audit.js'
import { text } from '../lib/fields.js'

const name = text({ error: 'Give the category a name.' }).trim().min(1, 'Give the category a name.').max(80, 'Keep the name under 80 characters.')
const description = text({ error: 'Describe what belongs in the category, in a sentence.' })
  .trim()
  .min(1, 'Describe what belongs in the category, in a sentence.')
  .max(300, 'Keep the description under 300 characters.')

export const CategoryForm = z.object({
  slug: text({ error: 'Give the category a slug.' })
    .trim()
    .min(1, 'Give the category a slug.')
    .max(60, 'Keep the slug under 60 characters.')
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lowercase letters a–z, digits and single hyphens between them, e.g. "paper-cardboard".'),
  name,
  description,
})
export type CategoryInput = z.infer<typeof CategoryForm>

export const RenameCategoryForm = z.object({ name, description })
export type RenameInput = z.infer<typeof RenameCategoryForm>

export type Actor = { adminId: string; ip: string | null }

export type CategoryChange =
  | { ok: true; name: string }
  | { ok: false; status: 404 | 409 | 422; message: string; errors?: FieldErrors }

const NO_SUCH_CATEGORY = 'There is no such category.'

/** Category ids arrive in URLs: anything but a plausible integer is "no such category". */
export function parseCategoryId(value: string | undefined): number | null {
  if (!value || !/^\d{1,9}$/.test(value)) return null
  return Number(value)
}

/** Every category, active ones first, with how many listings (all, and live) each holds. */
export async function listCategoriesForAdmin(db: Kysely<DB>): Promise<AdminCategory[]> {
  const rows = await db
    .selectFrom('categories')
    .leftJoin('listings', 'listings.category_id', 'categories.id')
    .select([
      'categories.id', 'categories.slug', 'categories.name', 'categories.description', 'categories.retired_at',
      (eb) => eb.fn.count<number>('listings.id').as('listing_count'),
      sql<number>`count(listings.id) filter (where listings.status = 'live')`.as('live_count'),
    ])
    .groupBy('categories.id')
    .orderBy(sql`categories.retired_at is not null`)
    .orderBy('categories.name')
    .execute()
  return rows.map((r) => ({
    id: r.id, slug: r.slug, name: r.name, description: r.description, retiredAt: r.retired_at,
    listingCount: Number(r.listing_count), liveCount: Number(r.live_count),
  }))
}

/** Another category already called this (case-insensitive), which would confuse sellers and buyers. */
async function nameTaken(db: Kysely<DB>, wanted: string, exceptId: number | null) {
  let q = db.selectFrom('categories').select('name').where(sql<boolean>`lower(name) = lower(${wanted})`)
  if (exceptId !== null) q = q.where('id', '<>', exceptId)
  return q.executeTakeFirst()
}

export async function addCategory(db: Kysely<DB>, input: CategoryInput, actor: Actor): Promise<CategoryChange> {
  return db.transaction().execute(async (trx) => {
    const sameName = await nameTaken(trx, input.name, null)
    if (sameName) return duplicateName(sameName.name)
    // The unique index decides between two admins adding the same slug at once.
    const row = await trx
      .insertInto('categories')
      .values({ slug: input.slug, name: input.name, description: input.description })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!row) {
      const message = `The slug “${input.slug}” is already used by another category. Slugs never change, so pick a new one.`
      return { ok: false, status: 422, message, errors: { slug: message } }
    }
    await recordAudit(trx, {
      actorUserId: actor.adminId, action: 'category.added', subjectType: 'category', subjectId: String(row.id), ip: actor.ip,
      detail: { slug: input.slug, name: input.name },
    })
    return { ok: true, name: input.name }
  })
}

function duplicateName(existing: string): CategoryChange {
  const message = `A category called “${existing}” already exists. Choose another name.`
  return { ok: false, status: 422, message, errors: { name: message } }
}

/**
 * New name and description; the slug stays. The listings of the category carry its name in
 * their search document, so they are refreshed in the same transaction, in one statement.
 */
export async function renameCategory(db: Kysely<DB>, id: number, input: RenameInput, actor: Actor): Promise<CategoryChange> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('categories').select(['slug', 'name', 'description']).where('id', '=', id).forUpdate().executeTakeFirst()
    if (!before) return { ok: false, status: 404, message: NO_SUCH_CATEGORY }
    const sameName = await nameTaken(trx, input.name, id)
    if (sameName) return duplicateName(sameName.name)
    await trx.updateTable('categories').set({ name: input.name, description: input.description }).where('id', '=', id).execute()
    const refreshed = await trx
      .updateTable('listings')
      .set({ search_extra: searchExtraSql(input.name) })
      .where('category_id', '=', id)
      .executeTakeFirst()
    await recordAudit(trx, {
      actorUserId: actor.adminId, action: 'category.renamed', subjectType: 'category', subjectId: String(id), ip: actor.ip,
      detail: {
        slug: before.slug, from: before.name, to: input.name,
        ...(before.description !== input.description ? { description: input.description } : {}),
        listingsRefreshed: Number(refreshed.numUpdatedRows),
      },
    })
    return { ok: true, name: input.name }
  })
}

/**
 * Retired: no longer offered for new listings (the listing form and save-listing check
 * retired_at), while the listings already filed under it keep it. Reinstating undoes that.
 */
async function setRetired(db: Kysely<DB>, id: number, retire: boolean, now: Date, actor: Actor): Promise<CategoryChange> {
  return db.transaction().execute(async (trx) => {
    // The condition on the current state is the lock: a second admin doing the same finds nothing to change.
    const row = await trx
      .updateTable('categories')
      .set({ retired_at: retire ? now : null })
      .where('id', '=', id)
      .where('retired_at', retire ? 'is' : 'is not', null)
      .returning(['slug', 'name'])
      .executeTakeFirst()
    if (!row) {
      const current = await trx.selectFrom('categories').select('name').where('id', '=', id).executeTakeFirst()
      if (!current) return { ok: false, status: 404, message: NO_SUCH_CATEGORY }
      return {
        ok: false, status: 409,
        message: `“${current.name}” is already ${retire ? 'retired' : 'active'}. Another administrator may have changed it a moment ago. Nothing was changed.`,
      }
    }
    await recordAudit(trx, {
      actorUserId: actor.adminId, action: retire ? 'category.retired' : 'category.reinstated', subjectType: 'category',
      subjectId: String(id), ip: actor.ip, detail: { slug: row.slug, name: row.name },
    })
    return { ok: true, name: row.name }
  })
}

export const retireCategory = (db: Kysely<DB>, id: number, now: Date, actor: Actor) => setRetired(db, id, true, now, actor)
export const reinstateCategory = (db: Kysely<DB>, id: number, now: Date, actor: Actor) => setRetired(db, id, false, now, actor)

// Feature flags: parts of the product an admin turns on and off without a deploy. Each flag is
// listed here with what it does and its default; the database keeps an admin's choice, read
// on each request that needs it (so every instance follows a change at once), and every
// change is audited.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { recordAudit } from '../admin/audit.js'

export const FLAGS = {
  card_payments: {
    label: 'Card payments',
    description: 'Buyers may pay a deal by card through Stripe (where Stripe is configured). Off: bank transfer only; a card payment already started still completes.',
    default: true,
  },
} as const satisfies Record<string, { label: string; description: string; default: boolean }>

export type FlagKey = keyof typeof FLAGS

export const isFlagKey = (key: string): key is FlagKey => Object.hasOwn(FLAGS, key)

export type FlagState = { key: FlagKey; label: string; description: string; enabled: boolean; isDefault: boolean; updatedAt: Date | null; updatedBy: string | null }

/** Every flag with its state now: an admin's choice, else the default. */
export async function readFlags(db: Kysely<DB>): Promise<FlagState[]> {
  const rows = await db.selectFrom('feature_flags').leftJoin('users', 'users.id', 'feature_flags.updated_by')
    .select(['feature_flags.key', 'feature_flags.enabled', 'feature_flags.updated_at', 'users.email']).execute()
  return (Object.keys(FLAGS) as FlagKey[]).map((key) => {
    const row = rows.find((r) => r.key === key)
    return {
      key, label: FLAGS[key].label, description: FLAGS[key].description,
      enabled: row?.enabled ?? FLAGS[key].default, isDefault: !row, updatedAt: row?.updated_at ?? null, updatedBy: row?.email ?? null,
    }
  })
}

export async function flagOn(db: Kysely<DB>, key: FlagKey): Promise<boolean> {
  const row = await db.selectFrom('feature_flags').select('enabled').where('key', '=', key).executeTakeFirst()
  return row?.enabled ?? FLAGS[key].default
}

/** Turns a flag on or off and audits the change; false when it already was so (nothing recorded). */
export async function setFlag(db: Kysely<DB>, change: { key: FlagKey; enabled: boolean; actorUserId: string; ip: string | null; now: Date }): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    // The row locked, so of two admins' clicks the second sees the first's change.
    const before = await trx.selectFrom('feature_flags').select('enabled').where('key', '=', change.key).forUpdate().executeTakeFirst()
    const was = before?.enabled ?? FLAGS[change.key].default
    if (was === change.enabled) return false
    await trx.insertInto('feature_flags').values({ key: change.key, enabled: change.enabled, updated_at: change.now, updated_by: change.actorUserId })
      .onConflict((oc) => oc.column('key').doUpdateSet({ enabled: change.enabled, updated_at: change.now, updated_by: change.actorUserId })).execute()
    await recordAudit(trx, {
      actorUserId: change.actorUserId, action: 'feature_flag.changed', subjectType: 'feature_flag', subjectId: change.key,
      detail: { from: was ? 'on' : 'off', to: change.enabled ? 'on' : 'off' }, ip: change.ip,
    })
    return true
  })
}

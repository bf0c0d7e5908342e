import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { hashPassword } from '../accounts/passwords.js'
import { recordAudit } from './audit.js'

/**
 * Creates a platform admin, or makes an existing user one and sets the password. Admins
 * belong to no company and are verified: the command is run by someone with server access.
 */
export async function createAdmin(db: Kysely<DB>, input: { email: string; password: string; name: string }, now = new Date()) {
  const email = input.email.toLowerCase()
  const passwordHash = await hashPassword(input.password)
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()
    const user = existing
      ? await trx.updateTable('users').set({ is_admin: true, password_hash: passwordHash, email_verified_at: now })
        .where('id', '=', existing.id).returning('id').executeTakeFirstOrThrow()
      : await trx.insertInto('users').values({ email, name: input.name, password_hash: passwordHash, is_admin: true, email_verified_at: now })
        .returning('id').executeTakeFirstOrThrow()
    await recordAudit(trx, { actorUserId: null, action: 'admin.created', subjectType: 'user', subjectId: user.id, detail: { email, via: 'cli' } })
    return { userId: user.id, created: !existing }
  })
}

import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { invitationMessage, invitedButRegisteredMessage } from '../../views/emails/accounts.js'
import { takeMailAllowance } from './mail-limits.js'
import { enqueueEmail } from '../notifications/outbox.js'
import { recordAudit } from '../admin/audit.js'
import { generateToken, hashToken } from '../lib/tokens.js'
import { hashPassword } from './passwords.js'

export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000

/**
 * Invites a colleague by email. An address that already has an account elsewhere gets the same
 * answer on the page as any other ("invitation sent") and its owner an email explaining why
 * they cannot join, so the form does not tell who has an account. (Someone already in the
 * inviter's own company is said plainly: the owner sees the member list anyway.)
 */
export async function inviteColleague(
  db: Kysely<DB>,
  input: { companyId: string; companyName: string; inviter: { id: string; name: string }; email: string },
  ctx: { baseUrl: string; now: Date; ip: string },
): Promise<{ ok: true } | { ok: false; status: 409 | 429; message: string }> {
  const existing = await db.selectFrom('users').select(['id', 'name', 'company_id']).where('email', '=', input.email).executeTakeFirst()
  if (existing && existing.company_id === input.companyId) {
    return { ok: false, status: 409, message: 'This person is already a member of your company.' }
  }
  const allowance = await takeMailAllowance(db, 'invitation', { to: input.email, ip: ctx.ip }, ctx.now)
  if (!allowance.allowed) return { ok: false, status: 429, message: allowance.message }
  if (existing) {
    await db.transaction().execute(async (trx) => {
      await enqueueEmail(trx, invitedButRegisteredMessage(input.email, existing.name, input.inviter.name, input.companyName, `${ctx.baseUrl}/login`))
      await recordAudit(trx, { actorUserId: input.inviter.id, action: 'company.member_invited_existing', subjectType: 'company', subjectId: input.companyId, detail: { email: input.email }, ip: ctx.ip })
    })
    return { ok: true }
  }
  const token = generateToken()
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('company_invitations').values({
      id: hashToken(token), company_id: input.companyId, email: input.email, invited_by: input.inviter.id,
      created_at: ctx.now, expires_at: new Date(ctx.now.getTime() + INVITATION_LIFETIME_MS),
    }).execute()
    await enqueueEmail(trx, invitationMessage(input.email, input.inviter.name, input.companyName, `${ctx.baseUrl}/invitations/${token}`))
    await recordAudit(trx, { actorUserId: input.inviter.id, action: 'company.member_invited', subjectType: 'company', subjectId: input.companyId, detail: { email: input.email }, ip: ctx.ip })
  })
  return { ok: true }
}

export type OpenInvitation = { id: string; companyId: string; companyName: string; email: string }

export async function findOpenInvitation(db: Kysely<DB>, token: string, now: Date): Promise<OpenInvitation | { problem: string }> {
  const row = await db
    .selectFrom('company_invitations')
    .innerJoin('companies', 'companies.id', 'company_invitations.company_id')
    .select(['company_invitations.id', 'company_invitations.company_id', 'company_invitations.email', 'company_invitations.expires_at',
      'company_invitations.accepted_at', 'companies.legal_name'])
    .where('company_invitations.id', '=', hashToken(token))
    .executeTakeFirst()
  if (!row) return { problem: 'This invitation link is not valid. Check that you copied the whole link.' }
  if (row.accepted_at) return { problem: 'This invitation has already been accepted. Log in with the account you created.' }
  if (row.expires_at.getTime() <= now.getTime()) return { problem: 'This invitation has expired. Ask your colleague to invite you again.' }
  return { id: row.id, companyId: row.company_id, companyName: row.legal_name, email: row.email }
}

/** Creates the member's account. The email is verified: the link reached that inbox. */
export async function acceptInvitation(
  db: Kysely<DB>,
  invitation: OpenInvitation,
  input: { name: string; password: string },
  now: Date,
): Promise<{ ok: true; userId: string } | { ok: false; message: string }> {
  const passwordHash = await hashPassword(input.password)
  return db.transaction().execute(async (trx) => {
    const claimed = await trx.updateTable('company_invitations').set({ accepted_at: now })
      .where('id', '=', invitation.id).where('accepted_at', 'is', null).returning('id').executeTakeFirst()
    if (!claimed) return { ok: false as const, message: 'This invitation has already been accepted.' }
    const taken = await trx.selectFrom('users').select('id').where('email', '=', invitation.email).executeTakeFirst()
    if (taken) return { ok: false as const, message: 'This email already has a NordicLoop account. Log in instead.' }
    const user = await trx.insertInto('users').values({
      company_id: invitation.companyId, email: invitation.email, name: input.name, password_hash: passwordHash,
      company_role: 'member', email_verified_at: now,
    }).returning('id').executeTakeFirstOrThrow()
    await recordAudit(trx, { actorUserId: user.id, action: 'company.member_joined', subjectType: 'company', subjectId: invitation.companyId })
    return { ok: true as const, userId: user.id }
  })
}

export function listCompanyMembers(db: Kysely<DB>, companyId: string) {
  return db.selectFrom('users').select(['id', 'name', 'email', 'company_role', 'email_verified_at'])
    .where('company_id', '=', companyId).orderBy('created_at').execute()
}

export function listPendingInvitations(db: Kysely<DB>, companyId: string, now: Date) {
  return db.selectFrom('company_invitations').select(['email', 'expires_at'])
    .where('company_id', '=', companyId).where('accepted_at', 'is', null).where('expires_at', '>', now)
    .orderBy('created_at', 'desc').execute()
}

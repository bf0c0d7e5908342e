// An owner manages the people of their company: removes a member, makes a member an owner or
// an owner a member. One rule holds throughout: a company always keeps at least one owner.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { CompanyRole } from '../db/types.js'
import { recordAudit } from '../admin/audit.js'
import { enqueueEmail } from '../notifications/outbox.js'
import { removedFromCompanyMessage } from '../../views/emails/accounts.js'
import { invalidateUserSessions } from './sessions.js'

export type MemberChange = { ok: true } | { ok: false; status: 403 | 404 | 409; message: string }

const NOT_A_MEMBER: MemberChange = { ok: false, status: 404, message: 'This person is not a member of your company.' }
const LAST_OWNER: MemberChange = {
  ok: false, status: 409, message: 'A company needs at least one owner. Make someone else an owner first.',
}

/**
 * The company's people, locked for the rest of the transaction: two owners demoting each other
 * at the same moment queue here, and the second one sees that the first already left one owner.
 */
async function lockMembers(trx: Kysely<DB>, companyId: string) {
  return trx.selectFrom('users').select(['id', 'email', 'name', 'company_role'])
    .where('company_id', '=', companyId).orderBy('id').forUpdate().execute()
}

// The guard checked the actor's role when the request began; a parallel request may have
// demoted them since. Checked again under the lock, so a demoted owner's request in flight
// cannot still act as an owner.
const NO_LONGER_OWNER: MemberChange = { ok: false, status: 403, message: 'Only an owner of the company can do this.' }
const isOwner = (members: { id: string; company_role: CompanyRole | null }[], userId: string) =>
  members.some((m) => m.id === userId && m.company_role === 'owner')

const ownersAfter = (members: { id: string; company_role: CompanyRole | null }[], change: { id: string; role: CompanyRole | null }) =>
  members.filter((m) => (m.id === change.id ? change.role : m.company_role) === 'owner').length

type Actor = { companyId: string; companyName: string; userId: string; ip: string }

/** Takes a person out of the company: they keep a login without a company, and every session of theirs ends. */
export async function removeMember(db: Kysely<DB>, actor: Actor, memberId: string): Promise<MemberChange> {
  if (memberId === actor.userId) {
    return { ok: false, status: 409, message: 'You cannot remove yourself. Ask another owner to do it.' }
  }
  return db.transaction().execute(async (trx) => {
    const members = await lockMembers(trx, actor.companyId)
    if (!isOwner(members, actor.userId)) return NO_LONGER_OWNER
    const member = members.find((m) => m.id === memberId)
    if (!member) return NOT_A_MEMBER
    if (ownersAfter(members, { id: memberId, role: null }) === 0) return LAST_OWNER
    await trx.updateTable('users').set({ company_id: null, company_role: null }).where('id', '=', memberId).execute()
    await invalidateUserSessions(trx, memberId)
    await enqueueEmail(trx, removedFromCompanyMessage(member.email, member.name, actor.companyName))
    await recordAudit(trx, {
      actorUserId: actor.userId, action: 'company.member_removed', subjectType: 'user', subjectId: memberId,
      detail: { companyId: actor.companyId, email: member.email, role: member.company_role }, ip: actor.ip,
    })
    return { ok: true }
  })
}

export async function changeMemberRole(db: Kysely<DB>, actor: Actor, memberId: string, role: CompanyRole): Promise<MemberChange> {
  return db.transaction().execute(async (trx) => {
    const members = await lockMembers(trx, actor.companyId)
    if (!isOwner(members, actor.userId)) return NO_LONGER_OWNER
    const member = members.find((m) => m.id === memberId)
    if (!member) return NOT_A_MEMBER
    if (member.company_role === role) return { ok: true }
    if (ownersAfter(members, { id: memberId, role }) === 0) return LAST_OWNER
    await trx.updateTable('users').set({ company_role: role }).where('id', '=', memberId).execute()
    await recordAudit(trx, {
      actorUserId: actor.userId, action: 'company.member_role_changed', subjectType: 'user', subjectId: memberId,
      detail: { companyId: actor.companyId, from: member.company_role, to: role }, ip: actor.ip,
    })
    return { ok: true }
  })
}

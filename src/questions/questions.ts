// A listing's public questions: asking, answering and reading them. Asking and answering each
// commit with their email (outbox) in one transaction, so an email exists only for a question
// or an answer that was really saved.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { enqueueEmails } from '../notifications/outbox.js'
import { questionAnsweredMessage, questionAskedMessage } from '../../views/emails/questions.js'
import { answerRefusal, askRefusal, type QuestionRefusal } from './question-rules.js'

export type QuestionResult = { ok: true; questionId: string; emailed: boolean } | ({ ok: false } & QuestionRefusal)

const listingUrl = (baseUrl: string, listingId: string, questionId: string) => `${baseUrl}/listings/${listingId}#question-${questionId}`

function readListing(db: Kysely<DB>, listingId: string) {
  return db.selectFrom('listings').select(['id', 'title', 'status', 'company_id', 'ends_at']).where('id', '=', listingId).executeTakeFirst()
}

/** Members of a company with a confirmed address: only those are proven to belong to it. */
function companyPeople(db: Kysely<DB>, companyId: string) {
  return db.selectFrom('users').select(['email', 'name']).where('company_id', '=', companyId).where('email_verified_at', 'is not', null)
    .orderBy('created_at').execute()
}

export async function askQuestion(
  db: Kysely<DB>,
  args: { listingId: string; companyId: string; userId: string; question: string; now: Date; baseUrl: string },
): Promise<QuestionResult> {
  return db.transaction().execute(async (trx): Promise<QuestionResult> => {
    // One asking company on one listing at a time, so two questions sent at once cannot both
    // slip under the limit of open ones. Not the listing's row lock: that one is the bids'.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`listing-question:${args.listingId}:${args.companyId}`}))`.execute(trx)
    const listing = await readListing(trx, args.listingId)
    if (!listing) return { ok: false, status: 404, message: 'There is no such listing. It may have been removed.' }
    const open = await trx.selectFrom('listing_questions').select((eb) => eb.fn.countAll<string>().as('n'))
      .where('listing_id', '=', listing.id).where('asker_company_id', '=', args.companyId).where('answer', 'is', null)
      .executeTakeFirstOrThrow()
    const refusal = askRefusal(listing, args.companyId, Number(open.n), args.now)
    if (refusal) return { ok: false, ...refusal }
    const { id } = await trx.insertInto('listing_questions').values({
      listing_id: listing.id, asker_company_id: args.companyId, asker_user_id: args.userId, body: args.question, created_at: args.now,
    }).returning('id').executeTakeFirstOrThrow()
    const sellers = await companyPeople(trx, listing.company_id)
    const email = { title: listing.title, question: args.question, url: listingUrl(args.baseUrl, listing.id, id) }
    await enqueueEmails(trx, sellers.map((s) => questionAskedMessage(s, email)))
    return { ok: true, questionId: id, emailed: sellers.length > 0 }
  })
}

export async function answerQuestion(
  db: Kysely<DB>,
  args: { listingId: string; questionId: string; companyId: string; userId: string; answer: string; now: Date; baseUrl: string },
): Promise<QuestionResult> {
  return db.transaction().execute(async (trx): Promise<QuestionResult> => {
    const notFound = { ok: false, status: 404, message: 'There is no such question, or it is not yours to answer.' } as const
    const listing = await readListing(trx, args.listingId)
    // Locked, so two answers sent at once cannot both be taken (the second sees the first).
    const question = await trx.selectFrom('listing_questions').select(['id', 'body', 'answered_at', 'asker_user_id', 'asker_company_id'])
      .where('id', '=', args.questionId).where('listing_id', '=', args.listingId).forUpdate().executeTakeFirst()
    if (!listing || !question) return notFound
    const refusal = answerRefusal(listing, args.companyId, question)
    if (refusal) return { ok: false, ...refusal }
    await trx.updateTable('listing_questions').set({ answer: args.answer, answered_at: args.now, answered_by: args.userId })
      .where('id', '=', question.id).execute()
    // The person who asked, while they are still a confirmed member of the company that asked.
    const asker = question.asker_user_id
      ? await trx.selectFrom('users').select(['email', 'name']).where('id', '=', question.asker_user_id)
        .where('company_id', '=', question.asker_company_id).where('email_verified_at', 'is not', null).executeTakeFirst()
      : undefined
    if (asker) {
      await enqueueEmails(trx, [questionAnsweredMessage(asker, {
        title: listing.title, question: question.body, answer: args.answer, url: listingUrl(args.baseUrl, listing.id, question.id),
      })])
    }
    return { ok: true, questionId: question.id, emailed: Boolean(asker) }
  })
}

/** Every question of a listing in the order asked; who may see which is decided by presentQuestions. */
export function listQuestions(db: Kysely<DB>, listingId: string) {
  return db.selectFrom('listing_questions')
    .select(['id', 'body', 'answer', 'created_at', 'answered_at', 'asker_company_id'])
    .where('listing_id', '=', listingId).orderBy('created_at').orderBy('id').execute()
}
export type QuestionRow = Awaited<ReturnType<typeof listQuestions>>[number]

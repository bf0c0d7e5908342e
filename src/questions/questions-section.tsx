// The questions section of a listing page for the viewer: the loader the listing page calls
// (questionsSection) and the way a refused form comes back inside that page.
import type { Context } from 'hono'
import type { Child } from 'hono/jsx'
import type { AppEnv } from '../web/context.js'
import type { ListingStatus } from '../db/types.js'
import { viewerTimeZone } from '../web/time-zone.js'
import { isPubliclyVisible } from '../listings/listing-state.js'
import { QuestionsSection } from '../../views/questions/questions-section.js'
import { askAccess } from './question-rules.js'
import { listQuestions } from './questions.js'
import { presentQuestions, type ReturnedQuestionForm } from './question-view.js'

// A refused question or answer sent without JavaScript comes back inside the whole listing page
// (showListingPage, which knows nothing of these forms): the route leaves what was typed and
// what was wrong here, for this request only, and the section picks it up.
const returnedForms = new WeakMap<object, ReturnedQuestionForm>()

export function returnQuestionForm(c: Context<AppEnv>, form: ReturnedQuestionForm) {
  returnedForms.set(c.req, form)
}

/** What the last step did, from the word our own redirect put in the address (anything else is ignored). */
const NOTICES: Record<string, string> = {
  sent: 'Your question was sent to the seller, who is emailed now. We email you the answer; it will be shown here for everyone, without your company’s name.',
  answered: 'Your answer is published: everyone who views the listing sees it, and the person who asked has been emailed.',
  'answered-unsent': 'Your answer is published: everyone who views the listing sees it. The person who asked no longer has an account with a confirmed email, so nobody was emailed.',
}

/** The section for a public listing, or null for a draft, a listing in review or a rejected one. */
export async function questionsSection(
  c: Context<AppEnv>,
  listing: { id: string; status: ListingStatus; company_id: string; ends_at: Date | null },
): Promise<Child> {
  if (!isPubliclyVisible(listing.status)) return null
  const viewer = c.var.viewer ?? null
  const rows = await listQuestions(c.var.db, listing.id)
  const view = presentQuestions(rows, {
    listingId: listing.id,
    sellerCompanyId: listing.company_id,
    viewerCompanyId: viewer?.company?.id ?? null,
    timeZone: viewerTimeZone(c, viewer?.company?.country),
    access: askAccess(listing, viewer, c.var.clock()),
    csrfToken: c.var.csrfToken,
  })
  // Each notice only for whom it speaks to, should the address be shared.
  const said = c.req.query('question') ?? ''
  const forViewer = said === 'sent' ? Boolean(viewer?.company) && view.role !== 'seller' : view.role === 'seller'
  const notice = forViewer ? NOTICES[said] : undefined
  return <QuestionsSection view={{ ...view, notice, form: returnedForms.get(c.req) }} />
}

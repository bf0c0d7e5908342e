// Public questions and answers on a listing, through the real app: who may ask, what everyone
// sees (never the asking company), the emails each side gets, and the refusals in words.
import { describe, expect, it } from 'vitest'
import { createTestApp, TEST_BASE_URL } from '../support/test-app.js'
import { addTestMember, createTestCompany, logInAs, tradingCompanies } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'
import { TestBrowser } from '../support/browser.js'
import { MAX_OPEN_QUESTIONS, QUESTION_MAX_LENGTH } from '../../src/questions/question-rules.js'

const { app, db, clock } = await createTestApp()

async function setting() {
  const [seller, buyer, third] = await tradingCompanies(db)
  const listing = await createTestListing(db, seller.companyId, { now: clock(), title: `Baled cardboard ${Math.random().toString(36).slice(2, 8)}` })
  return { seller, buyer, third, listing, sellerBrowser: await logInAs(app, seller.owner), buyerBrowser: await logInAs(app, buyer.owner) }
}

const emailsTo = (to: string) => db.selectFrom('outbox').select(['template', 'subject', 'text_body']).where('to_address', '=', to).orderBy('id').execute()
const questionsOf = (listingId: string) => db.selectFrom('listing_questions').selectAll().where('listing_id', '=', listingId).orderBy('created_at').execute()
const section = (html: string) => html.slice(html.indexOf('id="questions"'), html.indexOf('</section>', html.indexOf('id="questions"')))

describe('asking and answering', () => {
  it('a buyer asks, the seller is emailed and answers, the asker is emailed, and every viewer sees it without the asker’s company', async () => {
    const { seller, buyer, listing, sellerBrowser, buyerBrowser } = await setting()
    const page = await (await buyerBrowser.get(`/listings/${listing}`)).text()
    expect(section(page)).toContain('Ask the seller a question')

    const asked = await buyerBrowser.post(`/listings/${listing}/questions`, { question: 'Are the bales stored indoors, and how heavy is each?' })
    expect(asked.status).toBe(303)
    const [q] = await questionsOf(listing)
    expect(asked.headers.get('location')).toBe(`/listings/${listing}?question=sent#question-${q.id}`)
    expect(await (await buyerBrowser.get(asked.headers.get('location')!)).text()).toContain('Your question was sent to the seller')
    expect(q).toMatchObject({ asker_company_id: buyer.companyId, answer: null })
    const toSeller = await emailsTo(seller.owner.email)
    expect(toSeller.map((e) => e.template)).toContain('listing-question')
    const questionEmail = toSeller.find((e) => e.template === 'listing-question')!
    expect(questionEmail.text_body).toContain('Are the bales stored indoors')
    expect(questionEmail.text_body).toContain(`${TEST_BASE_URL}/listings/${listing}#question-${q.id}`)
    expect(questionEmail.text_body).not.toContain(buyer.legalName)

    // A visitor does not see the unanswered question; the seller sees it with an answer form.
    expect(section(await (await new TestBrowser(app).get(`/listings/${listing}`)).text())).not.toContain('Are the bales stored indoors')
    const sellerPage = section(await (await sellerBrowser.get(`/listings/${listing}`)).text())
    expect(sellerPage).toContain('Waiting for your answer (1)')
    expect(sellerPage).toContain(`action="/listings/${listing}/questions/${q.id}/answer"`)
    expect(sellerPage).not.toContain(buyer.legalName)

    const answered = await sellerBrowser.post(`/listings/${listing}/questions/${q.id}/answer`, { answer: 'Yes, indoors; about 400 kg a bale.' })
    expect(answered.status).toBe(303)
    expect(answered.headers.get('location')).toBe(`/listings/${listing}?question=answered#question-${q.id}`)
    expect(await (await sellerBrowser.get(answered.headers.get('location')!)).text()).toContain('Your answer is published')
    const toBuyer = await emailsTo(buyer.owner.email)
    expect(toBuyer.map((e) => e.template)).toEqual(['listing-answer'])
    expect(toBuyer[0].text_body).toContain('Yes, indoors; about 400 kg a bale.')

    for (const viewer of [new TestBrowser(app), buyerBrowser, sellerBrowser]) {
      const html = section(await (await viewer.get(`/listings/${listing}`)).text())
      expect(html).toContain('Are the bales stored indoors, and how heavy is each?')
      expect(html).toContain('Yes, indoors; about 400 kg a bale.')
      expect(html).not.toContain(buyer.legalName)
    }
    expect(section(await (await new TestBrowser(app).get(`/listings/${listing}`)).text())).toContain('Log in to ask the seller a question.')
  })

  it('emails every confirmed member of the seller’s company, and nobody unconfirmed', async () => {
    const { seller, listing, buyerBrowser } = await setting()
    const colleague = await addTestMember(db, seller.companyId, { role: 'member' })
    const unconfirmed = await addTestMember(db, seller.companyId, { role: 'member', verified: false })
    expect((await buyerBrowser.post(`/listings/${listing}/questions`, { question: 'Can you load onto our own truck?' })).status).toBe(303)
    expect((await emailsTo(colleague.email)).map((e) => e.template)).toEqual(['listing-question'])
    expect(await emailsTo(unconfirmed.email)).toEqual([])
  })

  it('the asking company sees its own waiting question; another company does not', async () => {
    const { listing, buyerBrowser, third } = await setting()
    await buyerBrowser.post(`/listings/${listing}/questions`, { question: 'Is a pickup on Saturday possible?' })
    expect(section(await (await buyerBrowser.get(`/listings/${listing}`)).text())).toContain('Your company’s questions waiting for an answer')
    const other = await logInAs(app, third.owner)
    expect(section(await (await other.get(`/listings/${listing}`)).text())).not.toContain('Is a pickup on Saturday possible?')
  })
})

describe('refusals, in words, changing nothing', () => {
  it.each([
    ['', 'Enter your question.'],
    ['   ', 'Enter your question.'],
    ['Price?', 'Write a question of at least 10 characters.'],
    ['x'.repeat(QUESTION_MAX_LENGTH + 1), `Use at most ${QUESTION_MAX_LENGTH} characters.`],
    ['Hidden \u0000 character here', 'Remove the invisible control characters'],
  ])('refuses the question %j with a message beside the field', async (question, message) => {
    const { listing, buyerBrowser } = await setting()
    const res = await buyerBrowser.post(`/listings/${listing}/questions`, { question })
    expect(res.status).toBe(422)
    const html = section(await res.text())
    expect(html).toContain(message)
    expect(html).toMatch(/<textarea id="f-question"[^>]*aria-describedby="f-question-hint f-question-error"[^>]*aria-invalid="true"/)
    expect(await questionsOf(listing)).toEqual([])
  })

  it(`refuses the ${MAX_OPEN_QUESTIONS + 1}th waiting question of one company, and takes one again after an answer`, async () => {
    const { listing, buyerBrowser, sellerBrowser, third } = await setting()
    for (let i = 1; i <= MAX_OPEN_QUESTIONS; i++) {
      expect((await buyerBrowser.post(`/listings/${listing}/questions`, { question: `Question number ${i} about the bales?` })).status).toBe(303)
    }
    const refused = await buyerBrowser.post(`/listings/${listing}/questions`, { question: 'One question too many, surely?' })
    expect(refused.status).toBe(429)
    expect(await refused.text()).toContain(`already has ${MAX_OPEN_QUESTIONS} questions on this listing waiting`)
    expect(await questionsOf(listing)).toHaveLength(MAX_OPEN_QUESTIONS)
    // Another company has its own allowance.
    expect((await (await logInAs(app, third.owner)).post(`/listings/${listing}/questions`, { question: 'A question from elsewhere?' })).status).toBe(303)
    const [first] = await questionsOf(listing)
    await sellerBrowser.post(`/listings/${listing}/questions/${first.id}/answer`, { answer: 'Answered.' })
    expect((await buyerBrowser.post(`/listings/${listing}/questions`, { question: 'Now another question fits?' })).status).toBe(303)
  })

  it('holds the limit when questions are sent at once', async () => {
    const { listing, buyerBrowser } = await setting()
    const results = await Promise.all(Array.from({ length: MAX_OPEN_QUESTIONS + 4 }, (_, i) =>
      buyerBrowser.post(`/listings/${listing}/questions`, { question: `Concurrent question ${i} please?` })))
    expect(results.filter((r) => r.status === 303)).toHaveLength(MAX_OPEN_QUESTIONS)
    expect(results.filter((r) => r.status === 429)).toHaveLength(4)
    expect(await questionsOf(listing)).toHaveLength(MAX_OPEN_QUESTIONS)
  })

  it('refuses a question on one’s own listing, on an ended or withdrawn listing, on a draft, from a pending company and from a visitor', async () => {
    const { seller, listing, sellerBrowser, buyerBrowser } = await setting()
    const own = await sellerBrowser.post(`/listings/${listing}/questions`, { question: 'Asking myself a question?' })
    expect(own.status).toBe(403)
    expect(await own.text()).toContain('This is your own listing')

    const ended = await createTestListing(db, seller.companyId, { now: clock(), ends_at: new Date(clock().getTime() - 60_000) })
    const late = await buyerBrowser.post(`/listings/${ended}/questions`, { question: 'Is it still available?' })
    expect(late.status).toBe(409)
    expect(await late.text()).toContain('This listing has ended, so it takes no more questions.')
    expect(section(await (await buyerBrowser.get(`/listings/${ended}`)).text())).toContain('Questions are closed')

    const withdrawn = await createTestListing(db, seller.companyId, { now: clock(), status: 'withdrawn' })
    expect((await buyerBrowser.post(`/listings/${withdrawn}/questions`, { question: 'Why was it withdrawn?' })).status).toBe(409)

    const draft = await createTestListing(db, seller.companyId, { now: clock(), status: 'draft', published_at: null })
    expect((await buyerBrowser.post(`/listings/${draft}/questions`, { question: 'Can I see this draft?' })).status).toBe(404)

    const pending = await createTestCompany(db, { status: 'pending' })
    const pendingRes = await (await logInAs(app, pending.owner)).post(`/listings/${listing}/questions`, { question: 'We are not approved yet?' })
    expect(pendingRes.status).toBe(403)
    expect(await pendingRes.text()).toContain('awaiting approval')

    const visitor = await new TestBrowser(app).post(`/listings/${listing}/questions`, { question: 'Who am I, anyway?' })
    expect(visitor.status).toBe(401)
    expect(await visitor.text()).toContain('Please log in to continue.')
    for (const id of [listing, ended, withdrawn, draft]) expect(await questionsOf(id)).toEqual([])
  })

  it('lets only the seller answer, once, with words in the answer', async () => {
    const { buyer, listing, sellerBrowser, buyerBrowser, third } = await setting()
    await buyerBrowser.post(`/listings/${listing}/questions`, { question: 'What moisture content do the bales have?' })
    const [q] = await questionsOf(listing)
    const url = `/listings/${listing}/questions/${q.id}/answer`

    const byBuyer = await buyerBrowser.post(url, { answer: 'I answer my own question.' })
    expect(byBuyer.status).toBe(404)
    const byOther = await (await logInAs(app, third.owner)).post(url, { answer: 'Answering for the seller.' })
    expect(byOther.status).toBe(404)
    const empty = await sellerBrowser.post(url, { answer: '  ' })
    expect(empty.status).toBe(422)
    const emptyHtml = section(await empty.text())
    expect(emptyHtml).toContain('Enter your answer.')
    expect(emptyHtml).toMatch(new RegExp(`<textarea id="answer-${q.id}"[^>]*aria-describedby="answer-${q.id}-hint answer-${q.id}-error"[^>]*aria-invalid="true"`))
    expect((await questionsOf(listing))[0].answer).toBeNull()

    expect((await sellerBrowser.post(url, { answer: 'Below 10 %.' })).status).toBe(303)
    const again = await sellerBrowser.post(url, { answer: 'Changed my mind.' })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('This question is already answered')
    expect((await questionsOf(listing))[0].answer).toBe('Below 10 %.')
    expect(await emailsTo(buyer.owner.email)).toHaveLength(1)
    const wrongListing = await sellerBrowser.post(`/listings/${await createTestListing(db, (await setting()).seller.companyId, { now: clock() })}/questions/${q.id}/answer`, { answer: 'Elsewhere.' })
    expect(wrongListing.status).toBe(404)
  })
})

// Ratings through the real app: only the two sides of an ended deal rate each other, once,
// within 30 days, 1 to 5 stars; the rated company answers once; a stranger's company sees no
// deal (404); bad input is a 422 with a message and stores nothing.
import { beforeAll, describe, expect, it } from 'vitest'
import { allRatings, DAY, ratingWorld } from './rating-world.js'
import { logInAs } from '../support/factories.js'

const w = await ratingWorld()
const { db, browsers } = w
let completed: Awaited<ReturnType<typeof w.completedDeal>>

beforeAll(async () => {
  completed = await w.completedDeal()
})

const rate = (b: typeof browsers.buyer, dealId: string, fields: Record<string, string>) => b.post(`/deals/${dealId}/ratings`, fields)
const reply = (b: typeof browsers.buyer, dealId: string, text: string) => b.post(`/deals/${dealId}/ratings/reply`, { reply: text })

describe('who may rate', () => {
  it('refuses a deal that does not exist (404) and stores nothing', async () => {
    const before = await allRatings(db)
    const res = await rate(browsers.buyer, crypto.randomUUID(), { score: '5' })
    expect(res.status).toBe(404)
    expect(await allRatings(db)).toEqual(before)
  })

  it('refuses a deal that has not ended, in each state before completion, with the reason', async () => {
    const open = await w.openDeal()
    const paid = await w.openDeal()
    await w.pay(paid)
    const handed = await w.openDeal()
    await w.pay(handed)
    await w.act(handed.id, w.viewers.seller, { type: 'hand_over' })
    const disputed = await w.openDeal()
    await w.pay(disputed)
    await w.act(disputed.id, w.viewers.buyer, { type: 'open_dispute', reason: 'other', text: 'Wrong grade.' })
    const cancelled = await w.openDeal()
    await w.act(cancelled.id, w.viewers.buyer, { type: 'request_cancel' })
    await w.act(cancelled.id, w.viewers.seller, { type: 'agree_cancel' })
    for (const deal of [open, paid, handed, disputed, cancelled]) {
      const res = await rate(browsers.buyer, deal.id, { score: '4' })
      expect(res.status, deal.id).toBe(409)
      expect(await res.text()).toContain('once the deal is completed')
      expect((await browsers.buyer.get(`/deals/${deal.id}`)).status).toBe(200)
    }
    expect(await db.selectFrom('ratings').select('id').where('deal_id', 'in', [open.id, paid.id, handed.id, disputed.id, cancelled.id]).execute()).toEqual([])
  })

  it('gives a company that is not a side of the deal a 404 for rating, answering and the page, and stores nothing', async () => {
    const before = await allRatings(db)
    for (const res of [await rate(browsers.third, completed.id, { score: '1', comment: 'Never met them.' }), await reply(browsers.third, completed.id, 'Hello'), await browsers.third.get(`/deals/${completed.id}`)]) {
      expect(res.status).toBe(404)
      expect(await res.text()).not.toContain(w.seller.legalName)
    }
    expect(await allRatings(db)).toEqual(before)
  })

  it('asks a visitor to log in and stores nothing', async () => {
    const { TestBrowser } = await import('../support/browser.js')
    const visitor = new TestBrowser(w.app)
    const res = await rate(visitor, completed.id, { score: '5' })
    expect([302, 303, 401]).toContain(res.status)
    expect(await allRatings(db)).toEqual([])
  })
})

describe('a completed deal', () => {
  it('offers both sides the form, and the buyer rates the seller: stored, emailed to the seller with a link, shown on the page', async () => {
    const page = await (await browsers.buyer.get(`/deals/${completed.id}`)).text()
    expect(page).toContain('How was trading with Säljare Papper AB?')
    expect(page).toContain(`action="/deals/${completed.id}/ratings"`)
    const res = await rate(browsers.buyerMember, completed.id, { score: '4', comment: 'Bales as described; collection on time.' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/deals/${completed.id}?done=rated#ratings`)
    const [row] = await db.selectFrom('ratings').selectAll().where('deal_id', '=', completed.id).execute()
    expect(row).toMatchObject({ rater_company_id: w.buyer.companyId, rated_company_id: w.seller.companyId, rater_user_id: w.buyerMember.userId, score: 4, comment: 'Bales as described; collection on time.', reply: null, hidden_at: null })
    const mail = await db.selectFrom('outbox').selectAll().where('template', '=', 'rating-received').execute()
    expect(mail.map((m) => m.to_address).sort()).toEqual([w.seller.owner.email])
    expect(mail[0].subject).toBe(`Köpare Kartong Oy rated your deal ${completed.number}`)
    expect(mail[0].text_body).toContain(`http://localhost:3000/deals/${completed.id}#ratings`)
    const after = await (await browsers.buyer.get(`/deals/${completed.id}?done=rated`)).text()
    expect(after).toContain('Your rating of Säljare Papper AB')
    expect(after).toContain('Bales as described; collection on time.')
    expect(after).not.toContain('How was trading with Säljare Papper AB?')
    const sellerPage = await (await browsers.seller.get(`/deals/${completed.id}`)).text()
    expect(sellerPage).toContain('Rating of your company by Köpare Kartong Oy')
    expect(sellerPage).toContain('Answer this rating')
    expect(sellerPage).toContain('How was trading with Köpare Kartong Oy?')
  })

  it('refuses a second rating by the same company, from another of its people too, and changes nothing', async () => {
    const before = await allRatings(db)
    for (const b of [browsers.buyer, browsers.buyerMember]) {
      const res = await rate(b, completed.id, { score: '1', comment: 'Changed my mind.' })
      expect(res.status).toBe(409)
      expect(await res.text()).toContain('already rated this deal')
    }
    expect(await allRatings(db)).toEqual(before)
  })

  it('stores one rating when the same side sends two at the same moment', async () => {
    const deal = await w.completedDeal()
    const results = await Promise.all([rate(browsers.seller, deal.id, { score: '5' }), rate(browsers.sellerMember, deal.id, { score: '2' })])
    expect(results.map((r) => r.status).sort()).toEqual([303, 409])
    const rows = await db.selectFrom('ratings').selectAll().where('deal_id', '=', deal.id).execute()
    expect(rows).toHaveLength(1)
    expect(await db.selectFrom('outbox').select('id').where('template', '=', 'rating-received').where('subject', 'like', `%deal ${deal.number}`).execute()).toHaveLength(1)
  })

  it('lets the rated company answer once, not the rater, not twice, not twice at once', async () => {
    const byRater = await reply(browsers.buyer, completed.id, 'We rate our own rating.')
    expect(byRater.status).toBe(409)
    expect(await byRater.text()).toContain('There is no rating of your company on this deal to answer.')
    const answers = await Promise.all([reply(browsers.seller, completed.id, 'Thank you, come again.'), reply(browsers.sellerMember, completed.id, 'Second answer.')])
    expect(answers.map((r) => r.status).sort()).toEqual([303, 409])
    const again = await reply(browsers.seller, completed.id, 'Third answer.')
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('already answered this rating')
    const row = await db.selectFrom('ratings').selectAll().where('deal_id', '=', completed.id).executeTakeFirstOrThrow()
    expect(['Thank you, come again.', 'Second answer.']).toContain(row.reply)
    expect(row.replied_at).toEqual(w.clock())
    expect(await (await browsers.buyer.get(`/deals/${completed.id}`)).text()).toContain(row.reply!)
  })

  it('refuses an answer while the company has not been rated', async () => {
    const deal = await w.completedDeal()
    const res = await reply(browsers.buyer, deal.id, 'Nothing to answer.')
    expect(res.status).toBe(409)
    expect(await db.selectFrom('ratings').select('id').where('deal_id', '=', deal.id).execute()).toEqual([])
  })
})

describe('a resolved dispute', () => {
  it('lets both sides rate each other, as after a completed deal', async () => {
    const deal = await w.resolvedDeal()
    expect((await rate(browsers.buyer, deal.id, { score: '2', comment: 'Short by two bales.' })).status).toBe(303)
    expect((await rate(browsers.seller, deal.id, { score: '3' })).status).toBe(303)
    const rows = await db.selectFrom('ratings').select(['rater_company_id', 'score']).where('deal_id', '=', deal.id).orderBy('score').execute()
    expect(rows).toEqual([{ rater_company_id: w.buyer.companyId, score: 2 }, { rater_company_id: w.seller.companyId, score: 3 }])
  })
})

describe('the 30 days', () => {
  it('accepts a rating at exactly 30 days after completion and refuses one a second later', async () => {
    const start = w.clock()
    const deal = await w.completedDeal()
    try {
      w.clock.set(new Date(deal.completed_at!.getTime() + 30 * DAY))
      // Sessions last 30 days: these people log in again a month later.
      const [buyerLater, sellerLater] = await Promise.all([logInAs(w.app, w.buyer.owner), logInAs(w.app, w.seller.owner)])
      expect((await rate(buyerLater, deal.id, { score: '5' })).status).toBe(303)
      w.clock.advance(1000)
      const late = await rate(sellerLater, deal.id, { score: '5' })
      expect(late.status).toBe(409)
      expect(await late.text()).toContain('the time to rate this deal has passed')
      const page = await (await sellerLater.get(`/deals/${deal.id}`)).text()
      expect(page).not.toContain('How was trading with')
      expect(page).toContain('The 30 days for rating this deal ended on')
      expect(await db.selectFrom('ratings').select('rater_company_id').where('deal_id', '=', deal.id).execute()).toEqual([{ rater_company_id: w.buyer.companyId }])
    } finally {
      w.clock.set(start)
    }
  })
})

describe('bad input', () => {
  const badScores: [string, Record<string, string | string[]>][] = [
    ...['0', '6', '3.5', '3,5', 'x', '', ' ', '-1', '+3', '05', '1e0', '0x3', 'NaN', 'Infinity', '３', '٣', '9'.repeat(5000), '5\u0000', '4 stars']
      .map((score): [string, Record<string, string>] => [`score ${JSON.stringify(score.slice(0, 12))}${score.length > 12 ? `… (${score.length})` : ''}`, { score }]),
    ['no score at all', { comment: 'Fine.' }],
    ['a score sent twice', { score: ['4', '5'] }],
    ['a comment over 1,000 characters', { score: '4', comment: 'a'.repeat(1001) }],
    ...['\u0000', '\u001b[31m', '\u0007', '\u009b'].map((ch): [string, Record<string, string>] => [`a comment with control character U+${ch.charCodeAt(0).toString(16).padStart(4, '0')}`, { score: '4', comment: `Good${ch}` }]),
  ]

  it.each(badScores)('%s → 422 with a message, nothing stored', async (_name, fields) => {
    const deal = await w.completedDeal()
    const body = new URLSearchParams()
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one)
    const res = await postRaw(deal.id, body)
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toMatch(/Choose a score from 1 to 5 stars\.|Keep the comment to 1,000 characters\.|Remove the invisible control characters/)
    expect(html).toContain('How was trading with Säljare Papper AB?')
    expect(await db.selectFrom('ratings').select('id').where('deal_id', '=', deal.id).execute()).toEqual([])
  })

  async function postRaw(dealId: string, body: URLSearchParams) {
    // Posted by hand: the test browser's form is one value per field, and this may repeat one.
    const b = browsers.buyer
    body.set('_csrf', b.csrf)
    return w.app.request(`http://localhost:3000/deals/${dealId}/ratings`, {
      method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:3000', cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    })
  }

  it('keeps what was typed when the form comes back', async () => {
    const deal = await w.completedDeal()
    const res = await rate(browsers.buyer, deal.id, { score: '7', comment: 'Quick pick-up & friendly <driver>' })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('Quick pick-up &amp; friendly &lt;driver&gt;')
  })

  const badReplies: [string, string][] = [['empty', ''], ['blank', '   '], ['over 1,000 characters', 'b'.repeat(1001)], ['a NUL', 'Thanks\u0000']]
  it.each(badReplies)('an answer that is %s → 422, nothing stored', async (_name, text) => {
    const deal = await w.completedDeal()
    expect((await rate(browsers.buyer, deal.id, { score: '3' })).status).toBe(303)
    const res = await reply(browsers.seller, deal.id, text)
    expect(res.status).toBe(422)
    expect(await res.text()).toMatch(/Enter your answer\.|Use at most 1000 characters\.|Remove the invisible control characters/)
    const row = await db.selectFrom('ratings').select(['reply', 'replied_at']).where('deal_id', '=', deal.id).executeTakeFirstOrThrow()
    expect(row).toEqual({ reply: null, replied_at: null })
  })
})

describe('the database itself', () => {
  it('refuses a rating of oneself, one without an ended deal, one between strangers, and a second one', async () => {
    const deal = await w.completedDeal()
    const open = await w.openDeal()
    const row = (over: Record<string, unknown>) => ({ deal_id: deal.id, rater_company_id: w.buyer.companyId, rated_company_id: w.seller.companyId, score: 5, created_at: new Date(), ...over })
    const attempts = [
      row({ rated_company_id: w.buyer.companyId }),
      row({ deal_id: open.id }),
      row({ rater_company_id: w.third.companyId }),
      row({ score: 0 }), row({ score: 6 }),
    ]
    for (const values of attempts) await expect(db.insertInto('ratings').values(values).execute(), JSON.stringify(values)).rejects.toThrow()
    await db.insertInto('ratings').values(row({})).execute()
    await expect(db.insertInto('ratings').values(row({ score: 1 })).execute()).rejects.toThrow(/ratings_deal_id_rater_company_id_key|duplicate/)
  })
})

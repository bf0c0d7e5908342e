// A deal's messages: posting (a plain multipart form, or htmx swapping the section in place),
// the live stream of new messages, the "seen" mark a live page sends, and the photos. Every
// address answers only the deal's two companies and NordicLoop's staff (chat-rules.ts); to
// anyone else the deal does not exist (404), and a visitor is sent to log in.
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import type { AppEnv } from '../web/context.js'
import { currentUser } from '../web/guards.js'
import { readForm } from '../web/body.js'
import { isHtmx } from '../web/redirect.js'
import { validForm, validQuery } from '../web/validation.js'
import { viewerTimeZone } from '../web/time-zone.js'
import type { FieldErrors, FormValues } from '../web/forms.js'
import { ID, isUuid, UUID_PATTERN } from '../lib/ids.js'
import { multilineText, text } from '../lib/fields.js'
import { MAX_PHOTO_BYTES, MAX_PHOTO_WIDTH } from '../images/process.js'
import { streamTopic } from '../live/topic-stream.js'
import { ChatSection, chatErrorId } from '../../views/deals/chat.js'
import { NOT_YOURS, roleIn } from './act-on-deal.js'
import { dealViewer, showDeal } from './routes.js'
import { chatAccess, MAX_MESSAGE_LENGTH, STAFF_WRITE_REFUSAL } from './chat-rules.js'
import { markRead, postMessage } from './chat.js'
import { chatPhotoKey, storeChatPhoto, STORAGE_DOWN } from './chat-photos.js'
import { dealChat, returnChatForm } from './chat-section.js'
import { chatTopic } from './chat-topic.js'

const TOO_LARGE = 'That photo is too large: photos can be at most 15 MB. Your message was not sent.'

/**
 * A message with one photo at the photo limit, plus room for the text and the multipart
 * framing. Mounted in app.ts ahead of the form parser and the CSRF check, as the listing photo
 * upload is, so an oversized body is refused from its headers (or cut off once too long)
 * instead of being buffered whole. With htmx the refusal lands above the form, which keeps
 * what was typed.
 */
export const chatUploadLimit = bodyLimit({
  maxSize: MAX_PHOTO_BYTES + 1024 * 1024,
  onError: (c) => {
    const id = c.req.param('id')
    if (isHtmx(c) && isUuid(id)) {
      return c.html(<p class="alert error" role="alert">{TOO_LARGE}</p>, 413, { 'HX-Retarget': `#${chatErrorId(id.toLowerCase())}`, 'HX-Reswap': 'innerHTML' })
    }
    throw new HTTPException(413, { message: TOO_LARGE })
  },
})

/** The path chatUploadLimit guards, for app.ts to leave out of the ordinary form limit. */
export const CHAT_POST_PATH = /^\/deals\/[^/]+\/messages$/

// Browsers send a textarea's line breaks as CR LF: counted as one, as the page's maxlength does.
const oneBreak = (v: unknown) => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : v)

const MessageForm = z.object({
  body: z.preprocess(oneBreak, multilineText(MAX_MESSAGE_LENGTH, { error: 'Write a message.', tooLong: 'Use at most 4,000 characters.' })
    .min(1, 'Write a message.')),
})

const VersionQuery = (required: boolean) => z.object({
  v: required
    ? text({ error: 'This link is damaged. Reload the deal page.' }).regex(/^\d{1,9}$/, 'This link is damaged. Reload the deal page.')
    : text().regex(/^\d{1,9}$/, 'This live link is damaged. Reload the deal page.').optional(),
})

// A stored width, as chat-present.ts writes it into the page: digits without a leading zero.
const FILE = /^([1-9]\d{0,3})\.webp$/

/** The deal and what the viewer may do in its chat; 404 when it is none of theirs (401 for a visitor). */
async function chatParty(c: Context<AppEnv>) {
  const viewer = dealViewer(c)
  const id = c.req.param('id')?.toLowerCase() ?? ''
  const deal = await c.var.db.selectFrom('deals').select(['id', 'listing_id', 'buyer_company_id', 'buyer_user_id', 'seller_company_id', 'disputed_at'])
    .where('id', '=', id).executeTakeFirst()
  const actor = deal ? roleIn(deal, viewer) : null
  const access = deal ? chatAccess(deal, actor) : null
  if (!deal || !actor || !access) throw new HTTPException(404, { message: NOT_YOURS })
  return { deal, actor, access, user: currentUser(c) }
}

/** The same, for writing: staff before a dispute may read but not write (403, nothing changes). */
async function chatWriter(c: Context<AppEnv>) {
  const party = await chatParty(c)
  if (!party.access.mayWrite) throw new HTTPException(403, { message: STAFF_WRITE_REFUSAL })
  return party
}

/** A message not sent: the form again with what was typed and why, in place (htmx) or in the deal page. */
async function refuse(c: Context<AppEnv>, form: { values: FormValues; errors: FieldErrors }, status: 422 | 503) {
  const { deal, actor } = await chatWriter(c)
  if (isHtmx(c)) {
    const chat = await dealChat(c, deal, actor)
    return c.html(<ChatSection chat={{ ...chat!, form, focus: true }} />, status)
  }
  if (status === 503) throw new HTTPException(503, { message: form.errors.photo ?? STORAGE_DOWN })
  returnChatForm(c, form)
  return showDeal(c, deal.id, { ok: false, text: 'Your message was not sent. Check the message form below.' }, 422)
}

const isChosenFile = (v: unknown): v is File => v instanceof File && !(v.size === 0 && v.name === '')

export const chatRoutes = new Hono<AppEnv>()
  .post(`/${ID}/messages`, validForm(MessageForm, (c, values, errors) => refuse(c, { values, errors }, 422)), async (c) => {
    const { deal, actor, access, user } = await chatWriter(c)
    const { body } = c.req.valid('form')
    const values = { body }
    // A browser sends an empty, nameless part when no file was chosen.
    const files = (await readForm(c)).getAll('photo').filter(isChosenFile)
    if (files.length > 1) return refuse(c, { values, errors: { photo: 'Attach one photo to a message.' } }, 422)
    let stored: Awaited<ReturnType<typeof storeChatPhoto>> | null = null
    if (files.length === 1) {
      stored = await storeChatPhoto(c.var.storage, deal.id, new Uint8Array(await files[0].arrayBuffer()), c.var.log)
      if (!stored.ok) return refuse(c, { values, errors: { photo: stored.message } }, stored.status)
    }
    try {
      await postMessage(c.var.db, { deal, author: { userId: user.userId, side: access.side }, body, photo: stored?.ok ? stored.photo : null, now: c.var.clock() })
    } catch (err) {
      // A message that was not saved leaves no photo behind.
      if (stored?.ok) await stored.remove()
      throw err
    }
    if (!isHtmx(c)) return c.redirect(`/deals/${deal.id}#chat`, 303)
    const chat = await dealChat(c, deal, actor)
    return c.html(<ChatSection chat={{ ...chat!, focus: true }} />)
  })
  // New messages for an open deal page. Each SSE message is the list items to append, its id the
  // chat's version: a page that reconnects sends Last-Event-ID and gets only what it missed.
  .get(`/${ID}/messages/live`, async (c) => {
    const { deal, access, user } = await chatParty(c)
    const { v } = validQuery(c, VersionQuery(false))
    return streamTopic(c, chatTopic, {
      id: deal.id, viewer: { side: access.side, timeZone: viewerTimeZone(c, user.company?.country) }, linkedVersion: v,
    })
  })
  // Sent by a live page once it has shown new messages: the reader saw them, so no email.
  .get(`/${ID}/messages/seen`, async (c) => {
    const { deal, user } = await chatParty(c)
    const { v } = validQuery(c, VersionQuery(true))
    await markRead(c.var.db, deal.id, user.userId, Number(v))
    return c.body(null, 204)
  })
  .get(`/${ID}/messages/photos/:photoId{${UUID_PATTERN}}/:file`, async (c) => {
    const { deal } = await chatParty(c)
    const photoId = c.req.param('photoId').toLowerCase()
    const match = FILE.exec(c.req.param('file'))
    const width = match ? Number(match[1]) : 0
    if (!match || width > MAX_PHOTO_WIDTH) return c.notFound()
    const message = await c.var.db.selectFrom('deal_chat_messages').select('photo_variants')
      .where('deal_id', '=', deal.id).where('photo_id', '=', photoId).executeTakeFirst()
    if (!message?.photo_variants?.includes(width)) return c.notFound()
    let object
    try {
      object = await c.var.storage.get(chatPhotoKey(deal.id, photoId, width))
    } catch (err) {
      c.var.log.error('chat photo storage unavailable', { dealId: deal.id, photoId, error: (err as Error).message })
      return c.text('Photo temporarily unavailable.', 503, { 'Retry-After': '5' })
    }
    if (!object) return c.notFound()
    // Only this browser may keep it, and not for long: no shared cache (a proxy, a CDN) may
    // store a photo that only the deal's people may see, and after logging out on a shared
    // computer it soon needs the session again.
    c.header('Cache-Control', 'private, max-age=3600')
    c.header('Vary', 'Cookie')
    c.header('Content-Type', 'image/webp')
    if (object.size !== undefined) c.header('Content-Length', String(object.size))
    return c.body(object.body, 200)
  })

// The data the chat views receive (views/deals/chat.tsx), shaped by src/deals/chat-present.ts.
import type { FieldErrors, FormValues } from '../web/forms.js'
import type { ChatSide } from './chat-rules.js'

export type ChatPhotoView = { src: string; srcset: string; full: string; width: number; height: number; alt: string }

export type ChatMessageView = {
  seq: number
  /** "Anna Berg, Köpare Kartong Oy" or "NordicLoop". */
  author: string
  side: ChatSide
  /** Written by the reader's own side (their company, or staff for an admin). */
  ours: boolean
  /** The text's lines, shown with line breaks. */
  lines: string[]
  at: { iso: string; text: string }
  photo: ChatPhotoView | null
}

export type ChatView = {
  dealId: string
  /** The latest message's number: the live link starts after it. */
  version: number
  messages: ChatMessageView[]
  /** Older messages not shown on the page. */
  earlier: number
  intro: string
  mayWrite: boolean
  /** Who the reader writes to, for the form's label. */
  writeTo: string
  /** Why the reader may only read, when so. */
  readOnly: string | null
  csrfToken: string
  /** The form sent back with what was typed and what was wrong with it. */
  form?: { values: FormValues; errors: FieldErrors }
  /** Put the cursor in the message box (after sending with htmx). */
  focus?: boolean
}

// The transfer note's forms. Lengths match the database's checks, so a value the form lets
// through is one the table takes.
import { z } from 'zod'
import { lineText, requiredText, text } from '../lib/fields.js'
import type { Carrier } from './note-steps.js'

export const PackagingForm = z.object({
  packaging: requiredText('the containers and packaging, like “12 bales on pallets” or “IBC 1,000 l”', 200),
})

const SIDES = { seller: true, buyer: true } as const

export const SignForm = z.object({
  side: text({ error: 'Reload the page and sign again.' })
    .refine((s): s is keyof typeof SIDES => Object.hasOwn(SIDES, s), 'Reload the page and sign again.'),
  name: requiredText('your full name', 120),
  role: requiredText('your role or job title', 120),
})

const KINDS = { buyer: true, haulier: true } as const

export const CarrierForm = z.object({
  carrier: text({ error: 'Choose who carries the waste.' })
    .refine((s): s is keyof typeof KINDS => Object.hasOwn(KINDS, s), 'Choose who carries the waste.'),
  haulier_name: lineText(200).optional(),
  haulier_address: lineText(300).optional(),
  haulier_registration: lineText(100).optional(),
})
  .superRefine((form, ctx) => {
    if (form.carrier !== 'haulier') return
    const need = [['haulier_name', 'the haulier’s name'], ['haulier_address', 'the haulier’s address'], ['haulier_registration', 'the haulier’s registration or permit number']] as const
    for (const [field, label] of need) if (!form[field]) ctx.addIssue({ code: 'custom', path: [field], message: `Enter ${label}.` })
  })
  .transform((form): Carrier => form.carrier === 'haulier'
    ? { kind: 'haulier', name: form.haulier_name ?? '', address: form.haulier_address ?? '', registration: form.haulier_registration ?? '' }
    : { kind: 'buyer' })

// The rule about control characters, as a class: every one of the 65 control characters (C0,
// DEL, C1), alone and inside text, against every shared field type and every field of every
// form and query schema. Newline, carriage return and tab pass in multi-line fields only.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ZodType } from 'zod'
import {
  CONTROL_CHARACTER_MESSAGE, CountrySchema, EmailSchema, lineText, multilineText, NewPasswordSchema, PasswordConfirmSchema, PasswordSchema,
  requiredText, text,
} from '../../src/lib/fields.js'
import * as accountSchemas from '../../src/accounts/schemas.js'
import * as adminSchemas from '../../src/admin/schemas.js'
import * as auctionSchemas from '../../src/auctions/schemas.js'
import * as listingSchemas from '../../src/listings/schemas.js'
import { CategoryForm, RenameCategoryForm } from '../../src/admin/categories.js'
import { SearchQuery } from '../../src/listings/search.js'

const CONTROLS = [...Array(0x20).keys(), ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i)].map((n) => String.fromCharCode(n))
const KEPT_IN_TEXTAREAS = new Set(['\n', '\r', '\t'])
const hex = (ch: string) => `U+${ch.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`

// Placed where each kind of field would still accept the rest: alone, between letters, at the
// end of an otherwise valid value (e-mail, country, password).
const placements = (ch: string) => [ch, `ab${ch}cd`, `Malmö${ch}`]

const singleLine: Array<[string, ZodType]> = [
  ['text()', text()], ['lineText(200)', lineText(200)], ['requiredText', requiredText('a name')], ['CountrySchema', CountrySchema],
  ['NewPasswordSchema', NewPasswordSchema], ['PasswordSchema', PasswordSchema], ['PasswordConfirmSchema', PasswordConfirmSchema],
]
const multiLine: Array<[string, ZodType]> = [
  ['multilineText(5000)', multilineText(5000)], ['requiredText multiline', requiredText('a description', 5000, { multiline: true })],
  ['text({ multiline })', text({ multiline: true })],
]

describe('shared text fields', () => {
  it(`refuse each of the ${CONTROLS.length} control characters on one line, with the field message`, () => {
    expect(CONTROLS).toHaveLength(65)
    let cases = 0
    for (const [name, schema] of singleLine) {
      for (const ch of CONTROLS) {
        for (const value of placements(ch)) {
          const result = schema.safeParse(value)
          expect(result.success, `${name} accepted ${hex(ch)} in ${JSON.stringify(value)}`).toBe(false)
          expect(result.error?.issues[0]?.message, `${name} with ${hex(ch)}`).toBe(CONTROL_CHARACTER_MESSAGE)
          cases += 1
        }
      }
    }
    expect(cases).toBe(7 * 65 * 3)
  })

  it('keep newline, carriage return and tab in multi-line fields, and refuse the other 62', () => {
    for (const [name, schema] of multiLine) {
      for (const ch of CONTROLS) {
        const result = schema.safeParse(`Baled cardboard,${ch}dry and clean`)
        if (KEPT_IN_TEXTAREAS.has(ch)) expect(result.success, `${name} refused ${hex(ch)}`).toBe(true)
        else expect(result.error?.issues[0]?.message, `${name} with ${hex(ch)}`).toBe(CONTROL_CHARACTER_MESSAGE)
      }
    }
  })

  it('accept right-to-left text, combining characters, emoji and tsquery syntax as the text people type', () => {
    for (const value of ['مرحبا بالعالم', 'Z\u0351\u0352a\u0300\u0301lgo', 'Ölförpackning 💩\uFE0F', "a & | !b:* <-> '", '\u202Eevil\u202C']) {
      for (const [name, schema] of [...singleLine.slice(0, 3), ...multiLine]) {
        expect(schema.safeParse(value).success, `${name} refused ${JSON.stringify(value)}`).toBe(true)
      }
    }
  })

  it('refuse control characters in e-mail addresses', () => {
    for (const ch of CONTROLS) expect(EmailSchema.safeParse(`anna${ch}@example.se`).success, hex(ch)).toBe(false)
  })
})

/** The fields of a form schema, seen through refinements and transforms. */
function shapeOf(schema: unknown): Record<string, ZodType> | null {
  let s = schema as { shape?: Record<string, ZodType>; def?: { in?: unknown; schema?: unknown } } | undefined
  for (let i = 0; i < 5 && s; i++) {
    if (s.shape) return s.shape
    s = (s.def?.in ?? s.def?.schema) as typeof s
  }
  return null
}

const forms: Record<string, unknown> = {
  ...accountSchemas, ...adminSchemas, ...auctionSchemas, ...listingSchemas, CategoryForm, RenameCategoryForm, SearchQuery,
}

describe('every form and query schema', () => {
  it('lets no control character through any field: refused, or not in what the field hands on', () => {
    let fields = 0
    for (const [formName, form] of Object.entries(forms)) {
      const shape = shapeOf(form)
      if (!shape) continue
      for (const [field, schema] of Object.entries(shape)) {
        fields += 1
        for (const ch of CONTROLS) {
          if (KEPT_IN_TEXTAREAS.has(ch)) continue
          const result = schema.safeParse(`ab${ch}cd`)
          if (result.success) expect(JSON.stringify(result.data ?? null), `${formName}.${field} passed ${hex(ch)} on`).not.toContain(JSON.stringify(ch).slice(1, -1))
        }
      }
    }
    expect(fields).toBeGreaterThan(40)
  })

  it('reads text only through the shared field types: no z.string() outside src/lib/fields.ts', () => {
    const offenders: string[] = []
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name)
        if (entry.isDirectory()) walk(path)
        // The environment (config.ts) is not user input.
        else if (/\.tsx?$/.test(entry.name) && path !== join('src', 'lib', 'fields.ts') && path !== join('src', 'config.ts')) {
          if (/\bz\.string\(/.test(readFileSync(path, 'utf8'))) offenders.push(path)
        }
      }
    }
    walk('src')
    expect(offenders).toEqual([])
  })
})

// Reads server-rendered HTML for the one rule every form follows: a field's error message is
// tied to its field, so a screen reader reads it with the field and knows the field failed.
// A tiny tag scanner is enough: the HTML comes from our own components, quoted attributes only.

type Tag = { name: string; attrs: Record<string, string>; text: string }

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')

function attributes(source: string): Record<string, string> {
  const attrs: Record<string, string> = {}
  for (const m of source.matchAll(/([\w:.-]+)(?:\s*=\s*"([^"]*)")?/g)) attrs[m[1]!.toLowerCase()] = decode(m[2] ?? '')
  return attrs
}

/** Every start tag, with the text up to the next tag (enough for a one-line message). */
export function tags(html: string): Tag[] {
  return [...html.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[\w:.-]+(?:\s*=\s*"[^"]*")?)*)\s*\/?>([^<]*)/g)]
    .map((m) => ({ name: m[1]!.toLowerCase(), attrs: attributes(m[2] ?? ''), text: decode(m[3] ?? '').trim() }))
}

const CONTROLS = new Set(['input', 'select', 'textarea'])
const isControl = (t: Tag) => CONTROLS.has(t.name) && t.attrs.type !== 'hidden'
/** A field's message: class "error", not a form's summary ("alert error", role=alert). */
const isFieldError = (t: Tag) => (t.attrs.class ?? '').split(/\s+/).includes('error') && !(t.attrs.class ?? '').includes('alert') && t.name !== 'div'

/**
 * What is wrong with the page's field errors, one line each; empty when every message has an
 * id named in the aria-describedby of a control marked aria-invalid="true", and every control
 * marked invalid names a message.
 */
export function unlinkedFieldErrors(html: string): string[] {
  const all = tags(html)
  const byId = new Map(all.filter((t) => t.attrs.id).map((t) => [t.attrs.id!, t]))
  const problems: string[] = []
  const wholePage = /<html[\s>]/i.test(html)
  const invalid = all.filter((t) => isControl(t) && t.attrs['aria-invalid'] === 'true')
  const describedBy = (t: Tag) => (t.attrs['aria-describedby'] ?? '').split(/\s+/).filter(Boolean)
  for (const message of all.filter(isFieldError)) {
    const id = message.attrs.id
    const owner = id ? invalid.find((t) => describedBy(t).includes(id)) : undefined
    if (!id) problems.push(`the message "${message.text}" has no id, so no field can name it`)
    else if (!owner) problems.push(`the message "${message.text}" (#${id}) is named by no field marked aria-invalid="true"`)
  }
  for (const control of invalid) {
    const messages = describedBy(control).map((id) => byId.get(id)).filter((t) => t && isFieldError(t))
    if (!messages.length) problems.push(`the field ${control.name}[name=${control.attrs.name}] is marked invalid but names no error message`)
    // A fragment (an htmx answer) may name a hint elsewhere on the page it lands in; a whole page may not.
    if (wholePage) for (const id of describedBy(control)) if (!byId.has(id)) problems.push(`the field ${control.name}[name=${control.attrs.name}] names #${id}, which is not on the page`)
  }
  return problems
}

/** The controls marked invalid, by name. */
export function invalidFields(html: string): string[] {
  return tags(html).filter((t) => isControl(t) && t.attrs['aria-invalid'] === 'true').map((t) => t.attrs.name ?? '')
}

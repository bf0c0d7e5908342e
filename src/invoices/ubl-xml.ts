// A very small XML writer for the e-invoice: elements as data, text and attributes escaped in
// one place, and an element with nothing in it left out altogether (Peppol rule R008 refuses
// empty elements, and EN 16931 has no "empty" business term).

export type XmlNode = { name: string; attrs: Record<string, string>; text?: string; kids?: XmlNode[] }
type Attrs = Record<string, string | null | undefined>

/** Characters XML 1.0 cannot carry at all (controls other than tab and line breaks, lone surrogates, U+FFFE/U+FFFF) are dropped. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function cleanAttrs(attrs: Attrs | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(attrs ?? {})) if (v != null && v !== '') out[k] = v
  return out
}

/** An element with a text value, or nothing when the value is missing or blank. */
export function leaf(name: string, value: string | number | null | undefined, attrs?: Attrs): XmlNode | null {
  if (value == null) return null
  const text = String(value).replace(NOT_XML, '').trim()
  return text === '' ? null : { name, attrs: cleanAttrs(attrs), text }
}

/** An element holding others, or nothing when none of them is there. */
export function el(name: string, kids: Array<XmlNode | null | false | undefined | ''>, attrs?: Attrs): XmlNode | null {
  const present = kids.filter((k): k is XmlNode => Boolean(k))
  return present.length ? { name, attrs: cleanAttrs(attrs), kids: present } : null
}

function serialize(node: XmlNode, depth: number): string {
  const pad = '  '.repeat(depth)
  const attrs = Object.entries(node.attrs).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('')
  if (node.text !== undefined) return `${pad}<${node.name}${attrs}>${escapeXml(node.text)}</${node.name}>\n`
  return `${pad}<${node.name}${attrs}>\n${(node.kids ?? []).map((k) => serialize(k, depth + 1)).join('')}${pad}</${node.name}>\n`
}

export function xmlDocument(root: XmlNode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialize(root, 0)}`
}

// Reads an e-invoice for the tests: parsed by @xmldom/xmldom (any warning or error fails the
// parse), then looked up by XPath-like paths of prefixed names ("cac:Party/cbc:EndpointID/@schemeID").
import { DOMParser, type Element } from '@xmldom/xmldom'

export const UBL_NS = {
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
} as const

export function parseXml(xml: string): Element {
  const problems: string[] = []
  const doc = new DOMParser({ onError: (level, message) => { problems.push(`${level}: ${message}`) } }).parseFromString(xml, 'text/xml')
  if (problems.length) throw new Error(`the XML does not parse: ${problems.join('; ')}`)
  return doc.documentElement!
}

function children(el: Element, qname: string): Element[] {
  const [prefix, local] = qname.includes(':') ? qname.split(':') : ['', qname]
  const ns = prefix ? UBL_NS[prefix as keyof typeof UBL_NS] : el.namespaceURI
  const out: Element[] = []
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).localName === local && (n as Element).namespaceURI === ns) out.push(n as Element)
  }
  return out
}

/** The elements at `path` below `from` (every match at every step). */
export function elementsAt(from: Element, path: string): Element[] {
  if (path === '' || path === '.') return [from]
  return path.split('/').reduce<Element[]>((found, step) => found.flatMap((el) => children(el, step)), [from])
}

/** The text (or, for a last step "@name", the attribute) of every match of `path`. */
export function valuesAt(from: Element, path: string): string[] {
  const steps = path.split('/')
  const last = steps.at(-1)!
  if (last.startsWith('@')) {
    return elementsAt(from, steps.slice(0, -1).join('/')).filter((el) => el.hasAttribute(last.slice(1))).map((el) => el.getAttribute(last.slice(1))!)
  }
  return elementsAt(from, path).map((el) => el.textContent ?? '')
}

/** Every element of the document, for checks that hold everywhere (no empty element, the currency of each amount). */
export function allElements(root: Element): Element[] {
  const out: Element[] = []
  const walk = (el: Element) => {
    out.push(el)
    for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) walk(n as Element)
  }
  walk(root)
  return out
}

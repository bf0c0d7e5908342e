// The PDF uses the 14 standard fonts every reader has (Helvetica), so nothing is embedded and
// the files stay small. Those fonts are encoded as WinAnsi (Windows-1252): Latin-1 plus a few
// extras (€, Š, Ž, Œ, dashes and quotes), which covers the Nordic and German letters
// (å ä ö ø æ ü ß é …). pdfkit writes any other character as a broken code, so text is first
// brought into WinAnsi: letters outside it lose their accent (Polish ś → s, Czech č → c), a
// few without a decomposition are spelt out (ł → l), and anything else becomes "?". The HTML
// print page and the e-invoice carry the exact text.

/** Code points above Latin-1 that WinAnsi still has (bytes 0x80–0x9F). */
const WIN_ANSI_EXTRAS = new Set([
  0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013, 0x2014, 0x2018, 0x2019,
  0x201a, 0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
])

/** Letters and signs with no accent-free decomposition, spelt the way people write them without the letter. */
const SPELLINGS: Record<string, string> = {
  'ł': 'l', 'Ł': 'L', 'đ': 'd', 'Đ': 'D', 'ħ': 'h', 'Ħ': 'H', 'ı': 'i', 'ŧ': 't', 'Ŧ': 'T', 'ŋ': 'n', 'Ŋ': 'N',
  'ĸ': 'k', 'ẞ': 'SS', 'ŉ': "'n",
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2212': '-', '\u2032': "'", '\u2033': '"',
  '\u2002': ' ', '\u2003': ' ', '\u2007': ' ', '\u2009': ' ', '\u202f': ' ', '\u200b': '', '\u2060': '', '\ufeff': '',
  '\u2192': '->', '\u2190': '<-', '\u2264': '<=', '\u2265': '>=', '\u2248': '~',
}

function inWinAnsi(cp: number): boolean {
  return (cp >= 0x20 && cp < 0x7f) || (cp >= 0xa0 && cp <= 0xff) || WIN_ANSI_EXTRAS.has(cp)
}

/** The text as the standard fonts can draw it (see above); line breaks are kept, other control characters become spaces. */
export function winAnsiText(text: string): string {
  let out = ''
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0)!
    if (inWinAnsi(cp) || ch === '\n') out += ch
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) out += ' '
    else if (Object.hasOwn(SPELLINGS, ch)) out += SPELLINGS[ch]
    else {
      const plain = ch.normalize('NFKD').replace(/\p{M}/gu, '')
      out += plain !== '' && [...plain].every((c) => inWinAnsi(c.codePointAt(0)!)) ? plain : '?'
    }
  }
  return out
}

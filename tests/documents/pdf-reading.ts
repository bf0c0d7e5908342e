// Reads back what a PDF made by pdfkit says, for tests: its streams are inflated with
// node:zlib and the text-showing operators decoded from WinAnsi, so a test checks the real,
// compressed output rather than a variant made for it.
import { inflateSync } from 'node:zlib'

// Bytes 0x80–0x9F of WinAnsi (Windows-1252); the rest of the byte range is Latin-1.
const WIN_ANSI_HIGH: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰', 0x8a: 'Š',
  0x8b: '‹', 0x8c: 'Œ', 0x8e: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—',
  0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
}

function decodeWinAnsi(hex: string): string {
  let out = ''
  for (let i = 0; i < hex.length; i += 2) {
    const byte = parseInt(hex.slice(i, i + 2), 16)
    out += WIN_ANSI_HIGH[byte] ?? String.fromCharCode(byte)
  }
  return out
}

/** Every stream's content, inflated where it is compressed. */
export function pdfStreams(pdf: Uint8Array): string[] {
  const raw = Buffer.from(pdf)
  const text = raw.toString('latin1')
  const streams: string[] = []
  const opener = /<<([\s\S]*?)>>\s*stream\r?\n/g
  for (let m = opener.exec(text); m; m = opener.exec(text)) {
    const start = m.index + m[0].length
    const end = text.indexOf('endstream', start)
    const body = raw.subarray(start, end)
    streams.push(/\/FlateDecode/.test(m[1]) ? inflateSync(body).toString('latin1') : body.toString('latin1'))
    opener.lastIndex = end
  }
  return streams
}

/** The text of each page's content stream, one drawn line per line (in drawing order). */
export function pdfPageTexts(pdf: Uint8Array): string[] {
  return pdfStreams(pdf)
    .filter((s) => /\bBT\b/.test(s))
    .map((s) => [...s.matchAll(/\[((?:<[0-9a-f]*>\s*-?[\d.]*\s*)*)\]\s*TJ/g)]
      .map((tj) => [...tj[1].matchAll(/<([0-9a-f]*)>/g)].map((h) => decodeWinAnsi(h[1])).join(''))
      .join('\n'))
}

/** All the text of the PDF with runs of white space made one space, so wrapped lines read as one. */
export function pdfText(pdf: Uint8Array): string {
  return pdfPageTexts(pdf).join('\n').replace(/\s+/g, ' ')
}

export function pdfPageCount(pdf: Uint8Array): number {
  return Buffer.from(pdf).toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0
}

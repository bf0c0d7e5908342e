// ISO 13616 IBANs and ISO 11649 creditor references share one check: move the first four
// characters to the end, read letters as numbers (A = 10 … Z = 35), and the whole, modulo 97,
// must be 1. Computed digit by digit, as the number is far too long for a double.

function mod97(text: string): number {
  let rest = 0
  for (const ch of text) {
    const value = parseInt(ch, 36)
    rest = value < 10 ? (rest * 10 + value) % 97 : (rest * 100 + value) % 97
  }
  return rest
}

const rotated = (s: string) => s.slice(4) + s.slice(0, 4)

export function isValidIban(iban: string): boolean {
  return /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban) && mod97(rotated(iban)) === 1
}

/** "SE45 5000 0000 0583 9825 7466": groups of four, as banks print them. */
export function groupByFour(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1 ')
}

/** An ISO 11649 structured creditor reference ("RF18 NL00 0010 42") for a reference body of letters and digits. */
export function creditorReference(body: string): string {
  if (!/^[A-Z0-9]{1,21}$/.test(body)) throw new Error('a creditor reference body is 1 to 21 letters and digits')
  const check = 98 - mod97(`${body}RF00`)
  return `RF${String(check).padStart(2, '0')}${body}`
}

export function isValidCreditorReference(ref: string): boolean {
  return /^RF\d{2}[A-Z0-9]{1,21}$/.test(ref) && mod97(rotated(ref)) === 1
}

// A report table as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet programs read
// "m³" and "Vänerpack" right). Values are plain: tonnes and money as decimals with a point,
// dates as YYYY-MM-DD. Lot titles are typed by other companies, so a cell that a spreadsheet
// would run as a formula (=, +, -, @ first) is prefixed with an apostrophe.
import type { ReportTable } from './present.js'

const FORMULA_START = /^[=+\-@\t\r]/
const NUMBER = /^-?\d+(\.\d+)?( [A-Z]{3})?$/

function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) && !NUMBER.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

export function tableCsv(table: ReportTable): string {
  const shown = table.columns.flatMap((c, i) => (c.pageOnly ? [] : [i]))
  const lines = [shown.map((i) => csvCell(table.columns[i]!.label)), ...table.rows.map((row) => shown.map((i) => csvCell(row[i]!.raw ?? row[i]!.text)))]
  return `\ufeff${lines.map((l) => l.join(',')).join('\r\n')}\r\n`
}

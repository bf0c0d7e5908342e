// A printable paper as a complete HTML page of its own: no site header or navigation, one
// same-origin stylesheet (A4 when printed, readable on a phone), no script. The links in
// `actions` (download the PDF, the e-invoice, back to the deal) show on screen only.
// It draws the same PrintDocument as the PDF, so the two always say the same.
import type { Child } from 'hono/jsx'
import { raw } from 'hono/html'
import type { PrintDocument, PrintSection } from '../../src/documents/print-document.js'
import { assetUrls } from '../../src/web/assets.js'

export function PrintPage(props: { doc: PrintDocument; actions?: Child }) {
  const { doc } = props
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{`${doc.title} · NordicLoop`}</title>
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href={assetUrls().print} />
        </head>
        <body>
          {props.actions && <nav class="print-actions" aria-label="This document">{props.actions}</nav>}
          <main class={doc.density === 'compact' ? 'paper compact' : 'paper'}>
            <header class="paper-head">
              <div>
                <h1>{doc.title}</h1>
                {doc.subtitle && <p class="subtitle">{doc.subtitle}</p>}
              </div>
              {doc.meta.length > 0 && (
                <dl class="meta">{doc.meta.map(([label, value]) => <><dt>{label}</dt><dd>{value}</dd></>)}</dl>
              )}
            </header>
            {doc.parties.length > 0 && (
              <div class="parties">
                {doc.parties.map((party) => (
                  <section class="party">
                    <h2>{party.heading}</h2>
                    {party.lines.map((line, i) => <p class={i === 0 ? 'name' : undefined}>{line}</p>)}
                  </section>
                ))}
              </div>
            )}
            {doc.sections.map((section) => <Section section={section} />)}
            {doc.footer && doc.footer.length > 0 && (
              <footer class="paper-foot">{doc.footer.map((line) => <p>{line}</p>)}</footer>
            )}
          </main>
        </body>
      </html>
    </>
  )
}

function Section(props: { section: PrintSection }) {
  const s = props.section
  switch (s.kind) {
    case 'table': return <section>{s.heading && <h2>{s.heading}</h2>}<Table table={s} /></section>
    case 'facts': return (
      <section>
        {s.heading && <h2>{s.heading}</h2>}
        <dl class="facts">{s.rows.map(([label, value]) => <><dt>{label}</dt><dd>{value}</dd></>)}</dl>
      </section>
    )
    case 'text': return <section>{s.heading && <h2>{s.heading}</h2>}{s.paragraphs.map((p) => <p>{p}</p>)}</section>
    case 'signatures': return (
      <section>
        {s.heading && <h2>{s.heading}</h2>}
        <div class="signatures">
          {s.signatures.map((sig) => (
            <div class="signature">
              <h3>{sig.role}</h3>
              {sig.name && sig.signedAt
                ? <><p class="signer">{sig.name}</p><p class="signed">Signed {sig.signedAt}</p></>
                : <p class="unsigned">{sig.name ? `${sig.name}: not signed yet` : 'Not signed yet'}</p>}
            </div>
          ))}
        </div>
      </section>
    )
  }
}

/** On a phone each row becomes a card, each cell labelled with its column (data-label, read by the CSS). */
function Table(props: { table: Extract<PrintSection, { kind: 'table' }> }) {
  const { columns, rows, totals } = props.table
  const cls = (i: number) => (columns[i]?.align === 'right' ? 'num' : undefined)
  return (
    <table class="lines">
      <thead><tr>{columns.map((c, i) => <th scope="col" class={cls(i)}>{c.label}</th>)}</tr></thead>
      <tbody>
        {rows.map((row) => <tr>{columns.map((c, i) => <td class={cls(i)} data-label={c.label}>{row[i] ?? ''}</td>)}</tr>)}
      </tbody>
      {totals && totals.length > 0 && (
        <tfoot>
          {totals.map(([label, value], i) => (
            <tr class={i === totals.length - 1 ? 'grand' : undefined}>
              <th scope="row" colspan={Math.max(columns.length - 1, 1)}>{label}</th>
              <td class="num">{value}</td>
            </tr>
          ))}
        </tfoot>
      )}
    </table>
  )
}

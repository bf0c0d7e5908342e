// The deal page's list of invoices and credit notes the reader may see, each as a printable page,
// a PDF and the e-invoice (UBL XML) for accounting systems.
import type { InvoiceSectionView } from '../../src/invoices/queries.js'

export function InvoiceSection(props: { invoices?: InvoiceSectionView | null }) {
  const v = props.invoices
  if (!v) return null
  return (
    <section class="card" id="invoices" aria-labelledby="invoices-title">
      <h2 id="invoices-title">Invoices</h2>
      <ul class="plain">
        {v.items.map((i) => {
          const base = `/deals/${v.dealId}/invoices/${i.id}`
          return (
            <li>
              <strong>{i.title}</strong> · {i.issued} · {i.total}
              <br /><span class="small">{i.what}{i.corrects ? ` · corrects invoice ${i.corrects}` : ''}</span>
              <br /><a href={base}>Printable page</a>{' · '}<a href={`${base}.pdf`}>PDF</a>{' · '}<a href={`${base}.xml`}>E-invoice (UBL)</a>
            </li>
          )
        })}
      </ul>
    </section>
  )
}

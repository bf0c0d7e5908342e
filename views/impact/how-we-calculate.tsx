// "How we calculate": the method, its limits and both tables it uses, with their sources, on
// the report page itself, so a reader never has to take a figure on trust.
import type { ReportTable } from '../../src/impact/present.js'
import { CAVEATS, METHOD_PARAGRAPHS } from '../../src/impact/method.js'
import { TableSection } from './report-table.js'

export function HowWeCalculate(props: { conversions: ReportTable; factors: ReportTable; factorSet: string }) {
  return (
    <section id="method" class="method" aria-labelledby="method-title">
      <h2 id="method-title">How we calculate</h2>
      {METHOD_PARAGRAPHS.map((p) => <p>{p}</p>)}
      <p>Factor set: {props.factorSet}.</p>
      <h3>What these figures are not</h3>
      <ul>{CAVEATS.map((c) => <li>{c}</li>)}</ul>
      <TableSection table={props.conversions} />
      <TableSection table={props.factors} />
    </section>
  )
}

// Where and when the material changes hands.
import type { DealPageView } from '../../src/deals/deal-view.js'

export function CollectionSection(props: { deal: DealPageView }) {
  const c = props.deal.collection
  return (
    <section aria-labelledby="collection-title">
      <h2 id="collection-title">Collection</h2>
      <dl class="facts">
        <dt>Address</dt><dd>{c.address}</dd>
        <dt>Agreed time</dt><dd>{c.agreed ?? 'Not agreed yet'}</dd>
      </dl>
    </section>
  )
}

// A listing page's live region as a topic of the hub: its state is the auction's (or lot's)
// live state, each frame is the whole panel for one kind of viewer (leader, outbid bidder,
// visitor; per time zone), and a listing that is no longer live is closed: pages get the
// final panel ("Ended — sold", "Withdrawn") and their streams end.
import type { Topic } from '../live/topic.js'
import { LISTING_TOPIC } from '../listings/listing-state.js'
import { loadLiveStates, type LiveState } from './live-state.js'
import { renderLivePanel } from './panel.js'

export type PanelViewer = { companyId: string | null; timeZone: string }

export const listingTopic: Topic<LiveState, PanelViewer> = {
  kind: LISTING_TOPIC,
  load: loadLiveStates,
  version: (state) => state.version,
  isClosed: (state) => state.status !== 'live',
  viewerKey: (viewer) => `${viewer.companyId ?? ''}|${viewer.timeZone}`,
  render: (state, viewer, _since, now) => renderLivePanel(state, viewer, now),
  incremental: false,
}

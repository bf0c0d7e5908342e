import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Logger } from '../lib/logger.js'
import { ListingHub } from '../live/listing-hub.js'
import { renderLivePanel } from './panel.js'

/** The hub that pushes auction changes to open pages, rendering the live region for each kind of viewer. */
export function createListingHub(deps: { db: Kysely<DB>; log: Logger; clock: () => Date }) {
  return new ListingHub({ ...deps, render: renderLivePanel })
}

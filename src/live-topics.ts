// Live fan-out wiring only: which topics open pages can follow. Each topic is defined in its
// feature; a new kind is added to this list, and its writes call announce (live/topic.ts).
import type { Kysely } from 'kysely'
import type { DB } from './db/schema.js'
import type { Logger } from './lib/logger.js'
import { LiveHub } from './live/hub.js'
import { listingTopic } from './auctions/listing-topic.js'
import { chatTopic } from './deals/chat-topic.js'

export function createLiveHub(deps: { db: Kysely<DB>; log: Logger; clock: () => Date; frameIntervalMs?: number }) {
  return new LiveHub({ ...deps, topics: [listingTopic, chatTopic] })
}

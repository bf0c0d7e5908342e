import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Logger } from '../lib/logger.js'

export async function seedIfEmpty(_db: Kysely<DB>, _log: Logger) {}

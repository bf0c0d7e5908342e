// The waste categories every listing is filed under. The slugs are stable identifiers: the
// CO2e factors used by impact reports are keyed by them, so renaming one means a migration
// of the data, while names and descriptions may be reworded freely.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'

export type CategorySeed = { slug: string; name: string; description: string }

export const CATEGORIES: readonly CategorySeed[] = [
  { slug: 'paper-cardboard', name: 'Paper & cardboard', description: 'Corrugated boxes, board offcuts, office paper and paper reels, baled or loose.' },
  { slug: 'plastics', name: 'Plastics', description: 'Stretch film, crates, PET, HDPE and other sorted or mixed plastics from production and packaging.' },
  { slug: 'ferrous-metals', name: 'Ferrous metals', description: 'Steel and iron scrap: offcuts, turnings, beams, sheet and worn machine parts.' },
  { slug: 'non-ferrous-metals', name: 'Non-ferrous metals', description: 'Aluminium, copper, brass and stainless scrap, including cable and swarf.' },
  { slug: 'wood-pallets', name: 'Wood & pallets', description: 'Reusable pallets, timber offcuts, sawdust, bark and clean untreated wood.' },
  { slug: 'glass', name: 'Glass', description: 'Flat glass, container glass and cullet, sorted by colour where possible.' },
  { slug: 'textiles', name: 'Textiles', description: 'Fabric offcuts, surplus workwear, fibre waste and reusable garments.' },
  { slug: 'organic-food', name: 'Organic & food by-products', description: 'Food processing by-products, spent grain, peel and other organics for feed, compost or biogas.' },
  { slug: 'electronics-weee', name: 'Electronics (WEEE)', description: 'Waste electrical and electronic equipment, cables, IT hardware and components.' },
  { slug: 'construction-demolition', name: 'Construction & demolition', description: 'Concrete, bricks, tiles, insulation and mixed material from building sites.' },
  { slug: 'chemicals-hazardous', name: 'Chemicals & hazardous', description: 'Solvents, oils, surplus chemicals and other hazardous materials for licensed handlers only.' },
  { slug: 'other', name: 'Other materials', description: 'Anything that fits no other category: describe the material carefully.' },
]

/**
 * Inserts the categories that are missing. Existing rows are left alone, so a name an admin
 * reworded or a category they retired stays as they set it.
 */
export async function seedCategories(db: Kysely<DB>): Promise<number> {
  const inserted = await db
    .insertInto('categories')
    .values(CATEGORIES.map((c) => ({ slug: c.slug, name: c.name, description: c.description })))
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning('slug')
    .execute()
  return inserted.length
}

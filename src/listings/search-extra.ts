// What a listing's search document knows beyond its own columns: the category name and the
// waste code's description (a generated column cannot join, so this text is copied in).
// The rule lives here once, in two forms: for one listing being saved, and for every listing
// of a category at once when an admin renames it. Keep the two in step.
import { sql, type RawBuilder } from 'kysely'

/** The text for one listing: "Paper & cardboard 15 01 01 paper and cardboard packaging". */
export function searchExtraFor(categoryName: string, ewc: { display_code: string; description: string } | null | undefined): string {
  return ewc ? `${categoryName} ${ewc.display_code} ${ewc.description}` : categoryName
}

/**
 * The same text as an SQL expression for `UPDATE listings SET search_extra = …`, reading each
 * row's own waste code, so a whole category is refreshed in one statement.
 */
export function searchExtraSql(categoryName: string): RawBuilder<string> {
  return sql<string>`${categoryName} || coalesce((select ' ' || e.display_code || ' ' || e.description from ewc_codes e where e.code = listings.ewc_code), '')`
}

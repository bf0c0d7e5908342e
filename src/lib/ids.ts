// Ids in URLs are checked before they reach a query: a malformed one is a 404, not a
// database error about an invalid uuid.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * A uuid as a route parameter pattern (Hono's `:id{...}`): a URL whose id is malformed matches no
 * route and gets the ordinary 404, before any handler or query runs.
 */
export const UUID_PATTERN = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'
export const ID = `:id{${UUID_PATTERN}}`

export function isUuid(value: string | undefined | null): value is string {
  return typeof value === 'string' && UUID.test(value)
}

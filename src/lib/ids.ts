// Ids in URLs are checked before they reach a query: a malformed one is a 404, not a
// database error about an invalid uuid.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: string | undefined | null): value is string {
  return typeof value === 'string' && UUID.test(value)
}

// A form's state between the request and the page: what the person typed, and a message per
// field that failed. Validation (web/validation.ts) and the rule modules produce these; the
// form components in views show them.
export type FieldErrors = Partial<Record<string, string>>
export type FormValues = Partial<Record<string, string>>

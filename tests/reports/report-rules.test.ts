// The pure rules of reporting a listing, without a database.
import { describe, expect, it } from 'vitest'
import { companyMayReport, detailsRequired, REPORT_REASON_KINDS, reportRefusal } from '../../src/reports/report-rules.js'
import { ReportForm } from '../../src/reports/schemas.js'

const live = { status: 'live' as const, company_id: 'seller' }
const member = { companyId: 'buyer', status: 'approved' as const }

describe('who may report which listing', () => {
  it('lets an approved or pending company report another company’s live listing, once at a time', () => {
    expect(reportRefusal(live, member, false)).toBeNull()
    expect(reportRefusal(live, { ...member, status: 'pending' }, false)).toBeNull()
    expect(reportRefusal(live, member, true)).toMatchObject({ status: 409 })
  })

  it('refuses the seller, shut-out companies, listings off the market and ones that are not public', () => {
    expect(reportRefusal(live, { ...member, companyId: 'seller' }, false)).toMatchObject({ status: 403 })
    for (const status of ['rejected', 'suspended'] as const) {
      expect(companyMayReport(status)).toBe(false)
      expect(reportRefusal(live, { ...member, status }, false)).toMatchObject({ status: 403 })
    }
    for (const status of ['ended', 'withdrawn'] as const) expect(reportRefusal({ ...live, status }, member, false)).toMatchObject({ status: 409 })
    for (const status of ['draft', 'pending_review', 'rejected'] as const) expect(reportRefusal({ ...live, status }, member, false)).toMatchObject({ status: 404 })
    expect(reportRefusal(undefined, member, false)).toMatchObject({ status: 404 })
  })
})

describe('the report form', () => {
  it('takes each reason of the list, with details needed only for “something else”', () => {
    for (const kind of REPORT_REASON_KINDS) {
      expect(ReportForm.safeParse({ reason_kind: kind, details: '' }).success, kind).toBe(!detailsRequired(kind))
      expect(ReportForm.safeParse({ reason_kind: kind, details: 'What I saw.' }).success, kind).toBe(true)
    }
    expect(detailsRequired('other')).toBe(true)
  })

  it('refuses reasons outside the list and details over 1,000 characters', () => {
    for (const kind of ['', 'Fraud', 'hazardous-undeclared', 'spam', ['fraud', 'other'], 1, null]) {
      expect(ReportForm.safeParse({ reason_kind: kind, details: '' }).success, String(kind)).toBe(false)
    }
    expect(ReportForm.safeParse({ reason_kind: 'fraud', details: 'x'.repeat(1000) }).success).toBe(true)
    expect(ReportForm.safeParse({ reason_kind: 'fraud', details: 'x'.repeat(1001) }).success).toBe(false)
    // Spaces around are trimmed before the length counts.
    expect(ReportForm.safeParse({ reason_kind: 'fraud', details: ` ${'x'.repeat(1000)} ` }).success).toBe(true)
  })
})

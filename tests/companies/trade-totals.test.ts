// The arithmetic of "tonnes sold and bought": exact decimals, t and kg together, other units apart.
import { describe, expect, it } from 'vitest'
import { formatThousandths, summariseTrade, thousandths } from '../../src/companies/trade-totals.js'

describe('summariseTrade', () => {
  it('adds tonnes and kilograms exactly and rounds the total to the kilogram', () => {
    const t = summariseTrade([
      { side: 'sold', unit: 't', deals: 2, quantity: '0.100' }, { side: 'sold', unit: 'kg', deals: 3, quantity: '200.500' },
      { side: 'bought', unit: 'kg', deals: 1, quantity: '0.499' }, { side: 'sold', unit: 'm3', deals: 1, quantity: '30.000' },
      { side: 'sold', unit: 'pallets', deals: 1, quantity: '4' },
    ])
    // 0.1 t + 200.5 kg = 0.3005 t: floating point would say 0.30049999…; this rounds half up to 0.301 t.
    expect(t).toEqual({ completedDeals: 8, sold: { tonnes: '0.301 t', other: ['30 m³', '4 pallets'] }, bought: { tonnes: '0 t', other: [] } })
  })

  it('says nothing of tonnes for a side with no weighed lots', () => {
    expect(summariseTrade([{ side: 'bought', unit: 'l', deals: 1, quantity: '1000' }]).bought).toEqual({ tonnes: null, other: ['1,000 litres'] })
    expect(summariseTrade([])).toEqual({ completedDeals: 0, sold: { tonnes: null, other: [] }, bought: { tonnes: null, other: [] } })
  })

  it('stays exact far beyond floating point (a trillion tonnes plus a kilogram)', () => {
    const big = summariseTrade([{ side: 'sold', unit: 't', deals: 1, quantity: '99999999999.999' }, { side: 'sold', unit: 'kg', deals: 1, quantity: '1' }])
    expect(big.sold.tonnes).toBe('100,000,000,000 t')
  })
})

describe('thousandths', () => {
  it('reads 0 to 3 decimals and refuses anything else', () => {
    expect([thousandths('12'), thousandths('12.5'), thousandths('0.001'), thousandths('750.500')]).toEqual([12000n, 12500n, 1n, 750500n])
    for (const bad of ['', '-1', '1.2345', '1e3', 'x']) expect(() => thousandths(bad)).toThrow()
    expect(formatThousandths(1234567n)).toBe('1,234.567')
  })
})

// NordicLoop's own invoice details come from the configuration: the defaults are a Swedish
// company with a VAT number whose check digits add up; a number that does not fit the
// configured country stops the start with a message naming the variable.
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.js'
import { checkVatNumber } from '../../src/compliance/vat-numbers.js'

describe('the platform’s invoice details', () => {
  it('default to NordicLoop AB in Stockholm with a valid Swedish VAT number', () => {
    const { platform } = loadConfig({})
    expect(platform).toMatchObject({ legalName: 'NordicLoop AB', address: { city: 'Stockholm', country: 'SE' } })
    expect(checkVatNumber(platform.vatNumber, 'SE')).toEqual({ ok: true, value: platform.vatNumber })
  })

  it('normalises a configured number as invoices print it', () => {
    expect(loadConfig({ PLATFORM_VAT_NUMBER: 'se 5593012346 01' }).platform.vatNumber).toBe('SE559301234601')
  })

  it.each([
    ['SE559301234699', 'SE'], ['SE559301234601', 'FI'], ['FI12345678', 'FI'], ['nonsense', 'SE'], ['DE123', 'DE'],
  ])('refuses %s for a platform in %s, naming the variable', (vat, country) => {
    expect(() => loadConfig({ PLATFORM_VAT_NUMBER: vat, PLATFORM_COUNTRY: country })).toThrow(ConfigError)
    expect(() => loadConfig({ PLATFORM_VAT_NUMBER: vat, PLATFORM_COUNTRY: country })).toThrow(/PLATFORM_VAT_NUMBER/)
  })
})

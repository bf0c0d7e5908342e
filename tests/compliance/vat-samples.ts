// Published valid VAT numbers (the examples of python-stdnum's documentation and the tax
// administrations' own), as typed by people: with spaces, dots and dashes, some in lower case.
export const VALID_SAMPLES: { country: string; typed: string; normalised: string }[] = [
  { country: 'AT', typed: 'ATU13585627', normalised: 'ATU13585627' },
  { country: 'BE', typed: 'BE 0403.019.261', normalised: 'BE0403019261' },
  { country: 'BE', typed: '403019261', normalised: 'BE0403019261' },
  { country: 'BG', typed: 'BG 175 074 752', normalised: 'BG175074752' },
  { country: 'BG', typed: '7523169263', normalised: 'BG7523169263' },
  { country: 'CY', typed: 'CY-10259033P', normalised: 'CY10259033P' },
  { country: 'CZ', typed: 'CZ 25123891', normalised: 'CZ25123891' },
  { country: 'CZ', typed: '7103192745', normalised: 'CZ7103192745' },
  { country: 'DE', typed: 'DE 136.695.976', normalised: 'DE136695976' },
  { country: 'DK', typed: 'DK 13 58 56 28', normalised: 'DK13585628' },
  { country: 'EE', typed: 'EE 100 931 558', normalised: 'EE100931558' },
  { country: 'EE', typed: '100207415', normalised: 'EE100207415' },
  { country: 'GR', typed: 'EL 094259216', normalised: 'EL094259216' },
  { country: 'GR', typed: 'GR094259216', normalised: 'EL094259216' },
  { country: 'ES', typed: 'ES A13 585 625', normalised: 'ESA13585625' },
  { country: 'ES', typed: 'es b-58378431', normalised: 'ESB58378431' },
  { country: 'ES', typed: '54362315K', normalised: 'ES54362315K' },
  { country: 'ES', typed: 'X-5253868-R', normalised: 'ESX5253868R' },
  { country: 'FI', typed: 'FI 20774740', normalised: 'FI20774740' },
  { country: 'FR', typed: 'Fr 40 303 265 045', normalised: 'FR40303265045' },
  { country: 'FR', typed: '23334175221', normalised: 'FR23334175221' },
  { country: 'FR', typed: 'FR K7399859412', normalised: 'FRK7399859412' },
  { country: 'HR', typed: 'HR 33392005961', normalised: 'HR33392005961' },
  { country: 'HU', typed: 'HU-12892312', normalised: 'HU12892312' },
  { country: 'IE', typed: 'IE 6433435F', normalised: 'IE6433435F' },
  { country: 'IE', typed: '6433435OA', normalised: 'IE6433435OA' },
  { country: 'IE', typed: '8D79739I', normalised: 'IE8D79739I' },
  { country: 'IT', typed: 'IT 00743110157', normalised: 'IT00743110157' },
  { country: 'LT', typed: '119511515', normalised: 'LT119511515' },
  { country: 'LT', typed: 'LT 100001919017', normalised: 'LT100001919017' },
  { country: 'LU', typed: 'LU 150 274 42', normalised: 'LU15027442' },
  { country: 'LV', typed: 'LV 4000 3521 600', normalised: 'LV40003521600' },
  { country: 'LV', typed: '161175-19997', normalised: 'LV16117519997' },
  { country: 'MT', typed: 'MT 1167-9112', normalised: 'MT11679112' },
  { country: 'NL', typed: '004495445B01', normalised: 'NL004495445B01' },
  { country: 'NL', typed: 'NL4495445B01', normalised: 'NL004495445B01' },
  { country: 'NL', typed: 'NL002455799B11', normalised: 'NL002455799B11' },
  { country: 'PL', typed: 'PL 8567346215', normalised: 'PL8567346215' },
  { country: 'PT', typed: 'PT 501 964 843', normalised: 'PT501964843' },
  { country: 'RO', typed: 'RO 185 472 90', normalised: 'RO18547290' },
  { country: 'SE', typed: 'SE 123456789701', normalised: 'SE123456789701' },
  { country: 'SE', typed: '556036-0793 01', normalised: 'SE556036079301' },
  { country: 'SI', typed: 'SI 5022 3054', normalised: 'SI50223054' },
  { country: 'SK', typed: 'SK 202 274 96 19', normalised: 'SK2022749619' },
  { country: 'NO', typed: '988077917', normalised: 'NO988077917MVA' },
  { country: 'NO', typed: 'NO 995 525 828 MVA', normalised: 'NO995525828MVA' },
  { country: 'GB', typed: 'GB 980 7806 84', normalised: 'GB980780684' },
  { country: 'CH', typed: 'CHE-107.787.577 IVA', normalised: 'CHE107787577IVA' },
]

/**
 * Countries whose rule catches every single-digit substitution of a number, with a sample whose
 * check digit is not one of the values two remainders share (where a rule folds 10 into 0).
 * The others are left out on purpose: the Netherlands and the UK accept either of two
 * checks, Bulgaria's and Czechia's 10-digit numbers any of several, Lithuania's falls back to
 * a second weighting, and Latvia's and Czechia's personal numbers carry no check at all.
 * (RO12345674 is made up: the published Romanian sample ends in 0, a folded check digit.)
 */
export const SUBSTITUTION_SAMPLES = [
  'ATU13585627', 'BE0403019261', 'CY10259033P', 'DE136695976', 'DK13585628', 'EE100931558', 'EL094259216',
  'ESA13585625', 'FI20774740', 'FR40303265045', 'HR33392005961', 'HU12892312', 'IE6433435F', 'IT00743110157',
  'LU15027442', 'LV40003521600', 'MT11679112', 'PL8567346215', 'PT501964843', 'RO12345674', 'SE123456789701',
  'SE556036079301', 'SI50223054', 'SK2022749619', 'NO988077917MVA', 'NO995525828MVA', 'CHE107787577IVA',
]

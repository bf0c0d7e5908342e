// The method of the impact report and its limits, in words: said once, shown on the report
// page ("How we calculate") and, in part, on the printable summary.

export const METHOD_PARAGRAPHS = [
  'Only completed deals count (the buyer confirmed receipt, or the deal completed itself after hand-over), on the day they were completed, in your time zone. Deals still under way, cancelled or disputed are left out.',
  'Tonnes: a lot sold in tonnes or kilograms counts as listed. A lot sold in m³ or litres is converted with a density for its category, and one sold by the pallet or the piece with an average weight for its category (the conversion table, with a source for every figure). When the seller gave the lot’s actual weight, that weight is used instead.',
  'Revenue and spend are what the buyer paid without VAT, before NordicLoop’s fee.',
  'Estimated CO2e avoided = tonnes × a factor in kg CO2e per tonne for the category: the emissions avoided when the material is reused or recycled instead of disposed of (landfilled), and the buyer uses it instead of new material. Each category uses one default factor, chosen as the more conservative where there was a choice. Where no defensible factor exists (chemicals and hazardous waste, other materials) the tonnes are reported and no CO2e is estimated.',
  'The same deal appears in the seller’s and the buyer’s report: do not add two companies’ figures together.',
]

export const CAVEATS = [
  'These are estimates from generic average factors, not a life-cycle assessment of your materials or supply chain. Treat every figure as an order of magnitude: the two published sources often differ by a factor of about two.',
  'DESNZ built its factors for Scope 3 inventories and says they cannot be used to judge the relative merit of recycling or waste management options; using them to estimate avoided emissions is our method, not one DESNZ endorses.',
  'Avoided emissions are not Scope 1, 2 or 3 reductions: do not net them against your greenhouse-gas inventory or sell them as offsets.',
  'They assume the material would otherwise have been landfilled and replaced by new material. For material that would have been recycled anyway the real saving is close to zero.',
  'Factors change every year (DESNZ publishes each June). A report states the factor set it used; past reports are not restated.',
]

/** The method in two sentences, for the one-page summary. */
export const SUMMARY_METHOD = 'Only completed deals count. Tonnes: lots sold by weight as listed, the seller’s actual weight where given, otherwise m³ and litres through a density and pallets and pieces through an average weight for the category (US EPA volume-to-weight factors, EPAL, or NordicLoop estimates, each named in the full report). Estimated CO2e avoided = tonnes × the category’s factor in kg CO2e per tonne (reuse or recycling instead of landfill and new material); no figure where no defensible factor exists.'

// The "Hazardous waste" label, shown wherever a lot with a hazardous EWC code (marked *) appears.
export function HazardLabel() {
  return <strong class="hazard" title="Hazardous waste: only companies with a verified waste permit can bid on or buy it">Hazardous waste</strong>
}

import type { Unit } from './price-guidance.js'

/** A unit in "per …" and "by the …": per tonne, by the pallet. */
export const UNIT_SINGULAR: Record<Unit, string> = { kg: 'kg', t: 'tonne', m3: 'm³', l: 'litre', pcs: 'piece', pallets: 'pallet' }

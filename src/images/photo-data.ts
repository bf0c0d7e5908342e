// A stored photo as pages need it: its id, its size and the widths it was stored in (WebP),
// so the browser can pick the smallest that fits.
export type PhotoData = { id: string; width: number; height: number; variants: number[] }

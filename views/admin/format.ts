// Admins work across countries; one unambiguous clock (UTC, labelled) avoids misreading times.
export function formatTime(d: Date | null): string {
  if (!d) return '—'
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

export const statusLabels = {
  pending: 'Awaiting approval',
  approved: 'Approved',
  rejected: 'Rejected',
  suspended: 'Suspended',
} as const

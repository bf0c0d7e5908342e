// Emails about a company's waste permit: the admin's decision, and the notice before it expires.
import { buildEmail } from './email.js'

type Permit = { number: string; authority: string; expiresOn: string }

export const permitVerifiedMessage = (to: string, name: string, companyName: string, permit: Permit, url: string) =>
  buildEmail({
    template: 'permit-verified',
    to,
    subject: `Waste permit ${permit.number} is verified`,
    greeting: `Hello ${name},`,
    paragraphs: [
      `NordicLoop has verified the waste permit ${permit.number} (${permit.authority}) of ${companyName}.`,
      `${companyName} can now bid on and buy hazardous lots until the permit expires on ${permit.expiresOn}; it stops counting on that date.`,
    ],
    action: { label: 'Your permits', url },
  })

export const permitRejectedMessage = (to: string, name: string, companyName: string, permit: Permit, reason: string, url: string) =>
  buildEmail({
    template: 'permit-rejected',
    to,
    subject: `Waste permit ${permit.number} was not accepted`,
    greeting: `Hello ${name},`,
    paragraphs: [
      `NordicLoop could not verify the waste permit ${permit.number} (${permit.authority}) of ${companyName}.`,
      `The reason: ${reason}`,
      'You can upload the permit again with the details corrected.',
    ],
    action: { label: 'Upload a permit', url },
  })

export const permitExpiringMessage = (to: string, name: string, companyName: string, permit: Permit, url: string) =>
  buildEmail({
    template: 'permit-expiring',
    to,
    subject: `Waste permit ${permit.number} expires on ${permit.expiresOn}`,
    greeting: `Hello ${name},`,
    paragraphs: [
      `The waste permit ${permit.number} (${permit.authority}) of ${companyName} expires on ${permit.expiresOn}.`,
      `From that date ${companyName} can no longer bid on or buy hazardous lots on NordicLoop, until a renewed permit is uploaded and verified. Verification usually takes one working day.`,
    ],
    action: { label: 'Upload the renewed permit', url },
  })

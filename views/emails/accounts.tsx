import { buildEmail } from './email.js'

export const verifyEmailMessage = (to: string, name: string, url: string) =>
  buildEmail({
    template: 'verify-email',
    to,
    subject: 'Confirm your email address for NordicLoop',
    greeting: `Hello ${name},`,
    paragraphs: ['Please confirm that this is your email address. The link works for 48 hours.'],
    action: { label: 'Confirm my email address', url },
    footnote: 'If you did not create a NordicLoop account, you can ignore this email.',
  })

export const passwordResetMessage = (to: string, name: string, url: string) =>
  buildEmail({
    template: 'password-reset',
    to,
    subject: 'Reset your NordicLoop password',
    greeting: `Hello ${name},`,
    paragraphs: ['Someone asked to reset the password of your NordicLoop account. The link works once, for one hour.'],
    action: { label: 'Choose a new password', url },
    footnote: 'If it was not you, ignore this email: your password stays as it is.',
  })

export const invitationMessage = (to: string, inviter: string, companyName: string, url: string) =>
  buildEmail({
    template: 'company-invitation',
    to,
    subject: `${inviter} invited you to ${companyName} on NordicLoop`,
    greeting: 'Hello,',
    paragraphs: [`${inviter} invited you to join ${companyName} on NordicLoop, the marketplace for surplus and waste materials. The invitation works for 7 days.`],
    action: { label: 'Accept the invitation', url },
  })

export const companyApprovedMessage = (to: string, name: string, companyName: string, url: string) =>
  buildEmail({
    template: 'company-approved',
    to,
    subject: `${companyName} is approved on NordicLoop`,
    greeting: `Hello ${name},`,
    paragraphs: [`Good news: ${companyName} has been approved. You can now list materials and bid on auctions.`],
    action: { label: 'Go to NordicLoop', url },
  })

export const companyRejectedMessage = (to: string, name: string, companyName: string, reason: string, url: string) =>
  buildEmail({
    template: 'company-rejected',
    to,
    subject: `${companyName} was not approved on NordicLoop`,
    greeting: `Hello ${name},`,
    paragraphs: [`We could not approve ${companyName}. The reason given: ${reason}`, 'Reply to this email or contact support if you think this is a mistake.'],
    action: { label: 'See your account', url },
  })

export const companySuspendedMessage = (to: string, name: string, companyName: string, reason: string, url: string) =>
  buildEmail({
    template: 'company-suspended',
    to,
    subject: `${companyName} is suspended on NordicLoop`,
    greeting: `Hello ${name},`,
    paragraphs: [`${companyName} has been suspended and cannot list or bid for now. The reason given: ${reason}`],
    action: { label: 'See your account', url },
  })

export const companyReactivatedMessage = (to: string, name: string, companyName: string, url: string) =>
  buildEmail({
    template: 'company-reactivated',
    to,
    subject: `${companyName} is active again on NordicLoop`,
    greeting: `Hello ${name},`,
    paragraphs: [`${companyName} has been reactivated. You can list and bid again.`],
    action: { label: 'Go to NordicLoop', url },
  })

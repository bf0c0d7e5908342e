import { buildEmail } from './email.js'

export const verifyEmailMessage = (to: string, name: string, url: string) =>
  buildEmail({
    template: 'verify-email',
    mailboxOnly: true,
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
    mailboxOnly: true,
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
    mailboxOnly: true,
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

// Sent instead of an answer on the page, so that the page never tells a visitor whether an
// address has an account: only the owner of the mailbox learns it.
export const passwordResetNoAccountMessage = (to: string, registerUrl: string) =>
  buildEmail({
    template: 'password-reset-no-account',
    mailboxOnly: true,
    to,
    subject: 'Reset your NordicLoop password',
    greeting: 'Hello,',
    paragraphs: [
      'Someone asked to reset the password of a NordicLoop account for this email address, but there is no account with this address.',
      'If it was you, you may have registered with another address. Or register your company now.',
    ],
    action: { label: 'Register your company', url: registerUrl },
    footnote: 'If it was not you, ignore this email.',
  })

export const alreadyRegisteredMessage = (to: string, name: string, loginUrl: string, resetUrl: string) =>
  buildEmail({
    template: 'already-registered',
    to,
    subject: 'You already have a NordicLoop account',
    greeting: `Hello ${name},`,
    paragraphs: [
      'Someone tried to register a company on NordicLoop with this email address, which already has an account. A person can belong to one company only.',
      `Log in with your existing account, or, if you forgot the password, choose a new one: ${resetUrl}`,
    ],
    action: { label: 'Log in', url: loginUrl },
    footnote: 'If it was not you, ignore this email: nothing has changed.',
  })

export const invitedButRegisteredMessage = (to: string, name: string, inviter: string, companyName: string, loginUrl: string) =>
  buildEmail({
    template: 'invitation-existing-account',
    to,
    subject: `${inviter} invited you to ${companyName} on NordicLoop`,
    greeting: `Hello ${name},`,
    paragraphs: [
      `${inviter} invited you to join ${companyName} on NordicLoop, but this address already has a NordicLoop account, and a person can belong to one company only.`,
      `To join ${companyName}, ask ${inviter} to invite another address of yours, or ask an owner of your present company to remove you first.`,
    ],
    action: { label: 'Log in', url: loginUrl },
  })

export const emailChangeConfirmMessage = (to: string, name: string, url: string) =>
  buildEmail({
    template: 'email-change-confirm',
    mailboxOnly: true,
    to,
    subject: 'Confirm your new email address for NordicLoop',
    greeting: `Hello ${name},`,
    paragraphs: ['You asked to use this address for your NordicLoop account. The change takes effect when you open the link below; it works once, for 24 hours.'],
    action: { label: 'Use this email address', url },
    footnote: 'If you did not ask for this, ignore this email: nothing changes.',
  })

export const emailChangeNoticeMessage = (to: string, name: string, newEmail: string, resetUrl: string) =>
  buildEmail({
    template: 'email-change-notice',
    to,
    subject: 'Your NordicLoop email address is about to change',
    greeting: `Hello ${name},`,
    paragraphs: [
      `Someone logged in to your NordicLoop account asked to change its email address to ${newEmail}. It changes only when the link sent to that address is opened.`,
      'If this was not you, change your password now, which also cancels the change.',
    ],
    action: { label: 'Change my password', url: resetUrl },
  })

export const emailTakenMessage = (to: string, name: string) =>
  buildEmail({
    template: 'email-change-taken',
    to,
    subject: 'Someone tried to move a NordicLoop account to this address',
    greeting: `Hello ${name},`,
    paragraphs: [
      'Someone asked to use this email address for another NordicLoop account. It already belongs to your account, so nothing has changed.',
    ],
    footnote: 'If this was you, use another address for the other account.',
  })

export const removedFromCompanyMessage = (to: string, name: string, companyName: string) =>
  buildEmail({
    template: 'company-member-removed',
    to,
    subject: `You were removed from ${companyName} on NordicLoop`,
    greeting: `Hello ${name},`,
    paragraphs: [
      `An owner of ${companyName} removed you from the company on NordicLoop, and you have been logged out.`,
      'You can still log in to see your account, and a company can invite you again.',
    ],
  })

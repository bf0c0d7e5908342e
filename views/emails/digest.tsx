// The daily digest of a person's saved searches: one email, one section per search that has
// something new, each listing with an absolute link (emails are read outside the site).
import { buildEmail, type Email } from './email.js'

export type DigestListing = { title: string; url: string; price: string; place: string; detail: string }
export type DigestSection = { name: string; searchUrl: string; listings: DigestListing[]; more: boolean }

export function digestMessage(input: { to: string; name: string; sections: DigestSection[]; manageUrl: string }): Email {
  const total = input.sections.reduce((n, s) => n + s.listings.length, 0)
  const plural = total === 1 ? 'listing' : 'listings'
  const subject = input.sections.length === 1
    ? `New on NordicLoop: ${input.sections[0].more ? 'more than ' : ''}${total} ${plural} for “${input.sections[0].name}”`
    : `New on NordicLoop: ${total} ${plural} for your saved searches`
  return buildEmail({
    template: 'saved-search-digest', to: input.to, subject, greeting: `Hello ${input.name},`,
    paragraphs: [
      'These listings went live since your last digest and match searches you saved.',
      ...input.sections.flatMap((s) => [
        { heading: s.name },
        {
          links: s.listings.map((l) => ({ label: l.title, url: l.url, detail: `${l.price} · ${l.place}${l.detail ? ` · ${l.detail}` : ''}` })),
          more: { label: s.more ? 'See all new matches' : 'Run this search', url: s.searchUrl },
        },
      ]),
    ],
    summary: `${total} new ${plural} for ${input.sections.map((s) => `“${s.name}”`).join(', ')}.`,
    action: { label: 'Your saved searches', url: input.manageUrl },
    footnote: 'You get this email because you saved these searches on NordicLoop. Delete a saved search to stop its digest.',
  })
}

// The daily digest of a person's saved searches: one email, one section per search that has
// something new, each listing with an absolute link (emails are read outside the site).
import type { Email } from './email.js'

export type DigestListing = { title: string; url: string; price: string; place: string; detail: string }
export type DigestSection = { name: string; searchUrl: string; listings: DigestListing[]; more: boolean }

export function digestMessage(input: { to: string; name: string; sections: DigestSection[]; manageUrl: string }): Email {
  const total = input.sections.reduce((n, s) => n + s.listings.length, 0)
  const plural = total === 1 ? 'listing' : 'listings'
  const subject = input.sections.length === 1
    ? `New on NordicLoop: ${input.sections[0].more ? 'more than ' : ''}${total} ${plural} for “${input.sections[0].name}”`
    : `New on NordicLoop: ${total} ${plural} for your saved searches`
  const intro = 'These listings went live since your last digest and match searches you saved.'
  const footnote = 'You get this email because you saved these searches on NordicLoop. Delete a saved search to stop its digest.'

  const html = (
    <html lang="en">
      <body>
        <p>Hello {input.name},</p>
        <p>{intro}</p>
        {input.sections.map((s) => (
          <>
            <h2 style="font-size:1.1em">{s.name}</h2>
            <ul>
              {s.listings.map((l) => (
                <li>
                  <a href={l.url}>{l.title}</a><br />
                  {l.price} · {l.place}{l.detail && <> · {l.detail}</>}
                </li>
              ))}
            </ul>
            <p><a href={s.searchUrl}>{s.more ? 'See all new matches' : 'Run this search'}</a></p>
          </>
        ))}
        <p><small>{footnote} <a href={input.manageUrl}>Manage your saved searches</a></small></p>
        <p>— NordicLoop</p>
      </body>
    </html>
  )

  const text = [
    `Hello ${input.name},`,
    intro,
    ...input.sections.map((s) => [
      `== ${s.name} ==`,
      ...s.listings.map((l) => `- ${l.title}\n  ${l.price} · ${l.place}${l.detail ? ` · ${l.detail}` : ''}\n  ${l.url}`),
      `${s.more ? 'See all new matches' : 'Run this search'}: ${s.searchUrl}`,
    ].join('\n')),
    `${footnote}\nManage your saved searches: ${input.manageUrl}`,
    '— NordicLoop',
  ].join('\n\n')

  return { template: 'saved-search-digest', to: input.to, subject, html: '<!doctype html>' + String(html), text }
}

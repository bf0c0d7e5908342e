// An owner looks after the company's people and details in a real browser, with JavaScript on
// and off: every form here is a plain form that posts and is answered with a redirect.
import { describe, expect, test } from 'vitest'
import { chromiumAvailable, visible, logIn } from './support/browser.js'
import { browserWorld } from './support/world.js'
import { addTestMember, createTestCompany } from '../support/factories.js'

describe.skipIf(!chromiumAvailable())('team and company details in a browser', () => {
  const world = browserWorld()

  const newPage = (javaScriptEnabled: boolean) => world.openPage({ javaScriptEnabled })

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript'

    test(`an owner edits the address, makes a member an owner and removes another, who is logged out (${mode})`, async () => {
      const company = await createTestCompany(world.database.db, { status: 'approved' })
      const promoted = await addTestMember(world.database.db, company.companyId, { name: 'Pia Promoted' })
      const leaving = await addTestMember(world.database.db, company.companyId, { name: 'Lars Leaving' })
      const owner = await newPage(javaScriptEnabled)
      const member = await newPage(javaScriptEnabled)
      await logIn(member.page, leaving)
      await logIn(owner.page, company.owner)

      await owner.page.goto('/account')
      await owner.page.getByRole('link', { name: 'Edit the address, contact and tax details' }).click()
      await owner.page.getByLabel('Street address', { exact: true }).fill('Sjögatan 9')
      await owner.page.getByLabel('Contact phone').fill('not a phone')
      await owner.page.getByRole('button', { name: 'Save' }).click()
      await visible(owner.page.getByText('Use digits, spaces and + ( ) - . / only'))
      await owner.page.getByLabel('Contact phone').fill('+46 40 12 34 56')
      await owner.page.getByRole('button', { name: 'Save' }).click()
      await visible(owner.page.getByText('The company details were saved.'))
      await visible(owner.page.getByText(/Sjögatan 9, 111 47 Stockholm/))

      const row = (name: string) => owner.page.getByRole('row').filter({ hasText: name })
      await row('Pia Promoted').getByRole('button', { name: 'Make owner' }).click()
      await visible(owner.page.getByText('The role was changed.'))
      await visible(row('Pia Promoted').getByRole('button', { name: 'Make member' }))

      await row('Lars Leaving').getByRole('button', { name: 'Remove Lars Leaving' }).click()
      await visible(owner.page.getByText('The member was removed from the company and logged out.'))
      expect(await row('Lars Leaving').count()).toBe(0)

      // The removed member's next page load finds them logged out.
      await member.page.goto('/account')
      await visible(member.page.getByRole('heading', { name: 'Log in' }))

      const rows = await world.database.db.selectFrom('users').select(['id', 'company_role']).where('company_id', '=', company.companyId).execute()
      expect(rows.find((r) => r.id === promoted.userId)?.company_role).toBe('owner')
      expect(rows.some((r) => r.id === leaving.userId)).toBe(false)
      expect(owner.watch.cspViolations()).toEqual([])
      expect(owner.watch.unexpected()).toEqual([])
    })
  }
})

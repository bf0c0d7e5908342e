// npm run admin:create -- --email admin@example.com --password '…' [--name 'Ada Admin']
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { EmailSchema, NewPasswordSchema } from '../src/lib/fields.js'
import { createAdmin } from '../src/admin/create-admin.js'
import { openForScript } from './cli.js'

const { values } = parseArgs({ options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } } })
const parsed = z.object({ email: EmailSchema, password: NewPasswordSchema, name: z.string().trim().min(1).max(120).default('Platform admin') }).safeParse(values)
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`--${String(issue.path[0])}: ${issue.message}`)
  console.error("Usage: npm run admin:create -- --email admin@example.com --password 'at least 10 characters' [--name 'Your Name']")
  process.exit(2)
}
const { database } = await openForScript()
const result = await createAdmin(database.db, parsed.data)
console.log(`${result.created ? 'Created' : 'Updated'} admin ${parsed.data.email}`)
await database.close()

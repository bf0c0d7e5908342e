import { openForScript } from './cli.js'

const { database, applied } = await openForScript()
console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.')
await database.close()

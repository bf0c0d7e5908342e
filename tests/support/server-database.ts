// A PostgreSQL database of a test file's own, for real server processes to share with the test:
// the servers started through it are killed, and the database dropped, after the file's tests.
import { afterAll } from 'vitest'
import { createTestDatabase } from './test-app.js'
import { startServer, type ServerProcess } from './server-process.js'

export async function databaseForServers() {
  const database = await createTestDatabase()
  if (!database.url) throw new Error('this test needs the PostgreSQL server (a real server process shares its database)')
  const url = database.url
  const servers: ServerProcess[] = []
  afterAll(async () => {
    for (const server of servers) await server.stop('SIGKILL')
    await database.drop()
  })
  return {
    database,
    db: database.db,
    /** A server process on this database. */
    async startServer(env: Record<string, string> = {}) {
      const server = await startServer({ DATABASE_URL: url, ...env })
      servers.push(server)
      return server
    },
  }
}

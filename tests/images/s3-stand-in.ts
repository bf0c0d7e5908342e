// A local S3-compatible server (s3rver, from the npm registry) on 127.0.0.1 and a random port,
// with its files in a temporary folder removed afterwards.
import S3rver from 's3rver'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// s3rver checks signatures against this fixed key pair.
export const S3_STAND_IN_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }

export async function startS3StandIn(bucket = 'nordicloop-photos') {
  const directory = await mkdtemp(join(tmpdir(), 'nordicloop-s3-'))
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] })
  const { port } = await server.run()
  return {
    bucket,
    directory,
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      await server.close()
      await rm(directory, { recursive: true, force: true })
    },
  }
}

// argon2id at the library's defaults (m=19456 KiB, t=2, p=1): OWASP's recommended minimum,
// about 9 ms a hash here, slow enough to make offline guessing expensive.
import { hash, verify } from '@node-rs/argon2'

export function hashPassword(password: string): Promise<string> {
  return hash(password)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false // a malformed stored hash is a failed login, not a crash
  }
}

// Verifying against this when the account does not exist keeps the response time the same,
// so timing does not reveal which emails are registered.
let dummyHash: Promise<string> | undefined
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hash('not-a-real-password-just-for-timing')
  await verifyPassword(await dummyHash, password)
}

// Shared form fields: each rule about a kind of input lives here once.
import { z } from 'zod'
import { COUNTRIES } from './countries.js'

export const EmailSchema = z
  .string({ error: 'Enter your email address.' })
  .trim()
  .toLowerCase()
  .max(254, 'That email address is too long.')
  .pipe(z.email({ error: 'Enter a valid email address, like name@company.com.' }))

export const NewPasswordSchema = z
  .string({ error: 'Choose a password.' })
  .min(10, 'Use at least 10 characters.')
  .max(200, 'Use at most 200 characters.')

export const PasswordSchema = z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(200, 'That password is too long.')

export const requiredText = (label: string, max = 200) =>
  z.string({ error: `Enter ${label}.` }).trim().min(1, `Enter ${label}.`).max(max, `Use at most ${max} characters.`)

export const CountrySchema = z
  .string({ error: 'Choose a country.' })
  .trim()
  .toUpperCase()
  .refine((code) => Object.hasOwn(COUNTRIES, code), 'Choose a country from the list.')

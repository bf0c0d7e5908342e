// Which way the code depends: views render what src hands them, so src needs nothing from
// views except where it renders. Every file under src/ is read (a new file is covered without
// editing this test) and each import, export-from and dynamic import that resolves into
// views/ is checked against where the file sits:
// - the plumbing (web, notifications, db, lib, live) and the pure rule modules import nothing
//   from views, not even a type; web's two renderers (render.tsx wraps pages in the layout,
//   errors.tsx renders the error page) may use view components, still no types;
// - routes, panels and other .tsx files render, so they import views freely;
// - any other module may queue an email, which renders it: it may import from views/emails/.
// The data a view receives is declared in src (beside the presenter or query that shapes it).
// And views, which never touch the database, import nothing from src/db.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const VIEWS = join(ROOT, 'views') + sep
const SRC_DB = join(ROOT, 'src', 'db') + sep

type ViewImport = { specifier: string; typeOnly: boolean; line: number }

/** Every module specifier in `source` that resolves into `dir`, with whether it brings types only. */
function importsInto(dir: string, file: string, source: string): ViewImport[] {
  const found: ViewImport[] = []
  // Static imports and re-exports (also across lines), side-effect imports and dynamic imports.
  const declaration = /\b(import|export)\s+(type\s+)?([^;'"]*?)\s*from\s*['"]([^'"]+)['"]|\bimport\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g
  for (const match of source.matchAll(declaration)) {
    const specifier = match[4] ?? match[5] ?? match[6]
    if (!specifier.startsWith('.')) continue
    if (!resolve(dirname(file), specifier).startsWith(dir)) continue
    const clause = match[3] ?? ''
    const names = /^\{([\s\S]*)\}$/.exec(clause.trim())?.[1].split(',').map((n) => n.trim()).filter(Boolean)
    const typeOnly = Boolean(match[2]) || (names !== undefined && names.length > 0 && names.every((n) => n.startsWith('type ')))
    found.push({ specifier, typeOnly, line: source.slice(0, match.index).split('\n').length })
  }
  return found
}

const viewImports = (file: string, source: string) => importsInto(VIEWS, file, source)

const PLUMBING = ['web', 'notifications', 'db', 'lib', 'live']
const RULE_MODULE = /^(rules|[a-z-]+-rules|bidding|company-status|listing-state|schemas|viewer)\.ts$/
const WEB_RENDERERS = new Set(['web/render.tsx', 'web/errors.tsx'])

/** Why `file` (relative to src/) may not import `imp`, or null when it may. */
function layeringProblem(file: string, imp: ViewImport): string | null {
  const parts = file.split('/')
  const base = parts.at(-1)!
  const target = relative(ROOT, resolve(ROOT, 'src', dirname(file), imp.specifier)).split(sep).join('/')
  if (WEB_RENDERERS.has(file)) return imp.typeOnly ? `the web renderer imports types from ${target}: declare them in src` : null
  if (PLUMBING.includes(parts[0]) || RULE_MODULE.test(base)) return `${parts[0]}/ plumbing and rule modules import nothing from views (${target})`
  if (base.endsWith('.tsx')) return null
  if (target.startsWith('views/emails/')) return null
  return `only renderers and email senders import from views (${target}): declare the type in src`
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(entry.name) ? [path] : []
  })
}

describe('layering: src does not depend on views', () => {
  const files = sourceFiles(join(ROOT, 'src'))

  it('reads every module under src', () => {
    expect(files.length).toBeGreaterThan(50)
  })

  it('no module imports from views where it does not render', () => {
    const problems = files.flatMap((path) => {
      const file = relative(join(ROOT, 'src'), path).split(sep).join('/')
      return viewImports(path, readFileSync(path, 'utf8'))
        .map((imp) => ({ imp, problem: layeringProblem(file, imp) }))
        .filter(({ problem }) => problem !== null)
        .map(({ imp, problem }) => `src/${file}:${imp.line}: ${problem}`)
    })
    expect(problems).toEqual([])
  })

  it('no view imports from src/db', () => {
    const problems = sourceFiles(join(ROOT, 'views')).flatMap((path) =>
      importsInto(SRC_DB, path, readFileSync(path, 'utf8')).map((imp) => `${relative(ROOT, path)}:${imp.line}: ${imp.specifier}`))
    expect(problems).toEqual([])
  })

  // The scanner itself must see every way of writing an import, or the test above could pass
  // while a file imports from views.
  const forms: [string, boolean][] = [
    [`import type { Viewer } from 'PATH'`, true],
    [`import type {\n  Viewer,\n  PageContext,\n} from "PATH"`, true],
    [`import { type Viewer, type PageContext } from 'PATH'`, true],
    [`import { Layout } from 'PATH'`, false],
    [`import { Layout, type PageContext } from 'PATH'`, false],
    [`import Layout from 'PATH'`, false],
    [`import * as views from 'PATH'`, false],
    [`import 'PATH'`, false],
    [`const m = await import('PATH')`, false],
    [`export { Layout } from 'PATH'`, false],
    [`export type { Viewer } from 'PATH'`, true],
    [`export * from 'PATH'`, false],
  ]
  const places = ['web/guards.ts', 'notifications/outbox.ts', 'db/types.ts', 'lib/money.ts', 'live/hub.ts', 'auctions/bidding.ts', 'listings/rules.ts', 'accounts/queries.ts']
  const targets = ['views/viewer.js', 'views/layout.js', 'views/components/form.js', 'views/emails/email.js']
  const cases = places.flatMap((place) => targets.flatMap((target) => forms.map(([form, typeOnly]) => ({ place, target, form, typeOnly }))))

  it(`finds ${cases.length} generated imports of views (${forms.length} forms × ${targets.length} targets × ${places.length} modules)`, () => {
    for (const { place, target, form, typeOnly } of cases) {
      const file = join(ROOT, 'src', place)
      const specifier = relative(dirname(file), join(ROOT, target)).split(sep).join('/')
      const source = `// a module\nimport { sql } from 'kysely'\n${form.replace('PATH', specifier)}\n`
      const found = viewImports(file, source)
      expect(found, `${place}: ${form}`).toEqual([{ specifier, typeOnly, line: 3 }])
      const problem = layeringProblem(place, found[0])
      // Plumbing and rules may import nothing; another module only email builders.
      if (place === 'accounts/queries.ts' && target.startsWith('views/emails/')) expect(problem, form).toBeNull()
      else expect(problem, `${place}: ${form}`).not.toBeNull()
    }
  })

  it('ignores packages and src-internal paths', () => {
    const file = join(ROOT, 'src', 'web', 'guards.ts')
    const source = `import { Hono } from 'hono'\nimport type { Viewer } from '../accounts/viewer.js'\nimport { x } from './views/y.js'\n`
    expect(viewImports(file, source)).toEqual([])
  })
})

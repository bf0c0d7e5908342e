import type { FlagState } from '../../src/flags/flags.js'
import { CsrfField } from '../components/form.js'
import { AdminFrame } from './nav.js'
import { formatTime } from './format.js'

export function FlagsPage(props: { flags: FlagState[]; csrfToken: string; notice?: string }) {
  return (
    <AdminFrame current="flags" title="Feature flags" notice={props.notice}>
      <p>Parts of NordicLoop you can turn on and off without a new release. A change is audited and every instance follows it from the next request.</p>
      <ul class="flags">
        {props.flags.map((flag) => (
          <li class="flag card">
            <h2>{flag.label} <span class={`status status-${flag.enabled ? 'on' : 'off'}`}>{flag.enabled ? 'On' : 'Off'}</span></h2>
            <p>{flag.description}</p>
            <p class="hint">
              {flag.isDefault ? 'As by default.' : <>Set {flag.updatedAt && <time datetime={flag.updatedAt.toISOString()}>{formatTime(flag.updatedAt)}</time>}{flag.updatedBy && <> by {flag.updatedBy}</>}.</>}
            </p>
            <form method="post" action={`/admin/flags/${flag.key}`}>
              <CsrfField token={props.csrfToken} />
              <input type="hidden" name="enabled" value={flag.enabled ? 'off' : 'on'} />
              <button type="submit">{flag.enabled ? `Turn ${flag.label.toLowerCase()} off` : `Turn ${flag.label.toLowerCase()} on`}</button>
            </form>
          </li>
        ))}
      </ul>
    </AdminFrame>
  )
}

// The answer of a live route: an SSE stream following one id of a topic through the hub. Each
// message's id is the topic's version, so a page that reconnects (to any instance) sends
// Last-Event-ID and is sent the current state only if it missed something.
import type { Context } from 'hono'
import type { ServerResponse } from 'node:http'
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response'
import type { AppEnv } from '../web/context.js'
import type { Topic } from './topic.js'
import { honoSseStream, nodeSseStream, webSseStream, type SseStream } from './sse-writer.js'

type NodeBindings = { outgoing?: ServerResponse }

export function streamTopic<State, Viewer>(
  c: Context<AppEnv>,
  topic: Topic<State, Viewer>,
  follow: {
    id: string
    viewer: Viewer
    /** The version written into the page's link (?v=), already validated by the route. */
    linkedVersion: string | undefined
  },
): Response {
  // A reconnecting browser knows better than the link it was opened with.
  const seen = Number.parseInt(c.req.header('last-event-id') ?? follow.linkedVersion ?? '', 10)
  const { stream, response } = openStream(c)
  const unsubscribe = c.var.hub.subscribe(topic, {
    id: follow.id,
    viewer: follow.viewer,
    version: Number.isFinite(seen) ? seen : -1,
    write: (chunk) => stream.write(chunk),
    close: () => stream.close(),
  })
  stream.onClose(unsubscribe)
  return response
}

function openStream(c: Context<AppEnv>): { stream: SseStream; response: Response } {
  if (c.var.config.SSE_WRITER === 'stream') return honoSseStream(c)
  const outgoing = (c.env as NodeBindings | undefined)?.outgoing
  if (outgoing) return { stream: nodeSseStream(outgoing), response: RESPONSE_ALREADY_SENT }
  return webSseStream()
}

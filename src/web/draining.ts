// What the server does between SIGTERM and exit. Closing the listening socket is not enough:
// a keep-alive connection that is busy (a page bidding in a loop, a proxy reusing its pool)
// never becomes idle, so server.close() would wait for it until the shutdown timeout. So,
// once draining has begun:
// - every answer carries `Connection: close`, and Node closes the connection after it;
// - a request that arrives on an old keep-alive connection is not started at all: it gets a
//   503 with Retry-After, which clients and proxies retry against another instance;
// - connections that are or fall idle (a live stream just ended, a response finished) are
//   closed by a sweep, so the process exits soon after the last request in flight is answered.
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { Server as NetServer } from 'node:net'

const netServerClose = NetServer.prototype.close

/** How long a refused client should wait before trying again (another instance, or this one restarted). */
export const RETRY_AFTER_SECONDS = 5
// A client between two requests on a kept-alive connection sends the next one within this
// (a round trip and a little work; a second also covers a busy client): it gets a clean 503.
// Connections still idle after it are closed, then checked every SWEEP_MS. It stays well
// inside the 2 s the process may take after the last request in flight.
const IDLE_GRACE_MS = 1_000
const SWEEP_MS = 100

type Fetch = (req: Request, env: { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined) => Response | Promise<Response>

export class Draining {
  private begun = false
  private sweep: NodeJS.Timeout | null = null
  /** Requests turned away with a 503 since draining began (logged at exit). */
  refused = 0

  get active() {
    return this.begun
  }

  /** Wraps the app's fetch: the requests started before draining finish; later ones get a 503. */
  wrap<F extends Fetch>(fetch: F): F {
    const wrapped = async (req: Request, env: Parameters<F>[1]) => {
      if (this.begun) {
        this.refused++
        return unavailable()
      }
      const res = await fetch(req, env)
      // Draining may have begun while this request ran: its answer is the connection's last.
      if (this.begun) return lastOnConnection(res, env?.outgoing)
      return res
    }
    return wrapped as F
  }

  /** Starts draining `server`: stops listening; resolves once every connection has closed. */
  begin(server: Server): Promise<void> {
    this.begun = true
    // http.Server#close() would also close the idle keep-alive connections at once, racing a
    // client that is sending its next request on one right now (it would see a reset, not an
    // answer). net.Server's close() only stops listening: such a request gets the 503 above,
    // and the connections still idle after a grace period are closed by the sweep.
    const closed = new Promise<void>((resolve) => netServerClose.call(server, () => resolve()))
    // Timers run before the event loop reads sockets: after a stall, a request already waiting
    // in a socket would not have been read yet, and its connection would look idle. Sweeping
    // from setImmediate, after the reads of the same turn, leaves that request its 503.
    const closeIdle = () => setImmediate(() => server.closeIdleConnections())
    this.sweep = setTimeout(() => {
      closeIdle()
      this.sweep = setInterval(closeIdle, SWEEP_MS)
      this.sweep.unref()
    }, IDLE_GRACE_MS)
    this.sweep.unref()
    return closed.finally(() => {
      if (this.sweep) clearInterval(this.sweep)
    })
  }
}

function unavailable() {
  return new Response('The server is restarting. Please try again in a few seconds.\n', {
    status: 503,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'retry-after': String(RETRY_AFTER_SECONDS),
      'cache-control': 'no-store',
      connection: 'close',
    },
  })
}

function lastOnConnection(res: Response, outgoing: ServerResponse | undefined) {
  // On the Node server the header goes onto the socket's response, which the adapter merges
  // with the app's headers; the Response itself may be a shared constant (RESPONSE_ALREADY_SENT).
  if (outgoing) {
    if (!outgoing.headersSent) outgoing.setHeader('connection', 'close')
    return res
  }
  const copy = new Response(res.body, res)
  copy.headers.set('connection', 'close')
  return copy
}

// The local Stripe stand-in (tests/stand-ins/stripe.ts) as a process of its own, for a demo of
// card payments without a Stripe account: start it, then start the app with what it prints.
//   node --import tsx scripts/stripe-stand-in.ts [--port 12111] [--webhook http://localhost:3000/payments/stripe/webhook]
// Its checkout page has a Pay button instead of card fields; pressing it sends the app the signed
// checkout.session.completed event and returns the buyer to the deal.
import { parseArgs } from 'node:util'
import { startStripeStandIn } from '../tests/stand-ins/stripe.js'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '12111' },
    webhook: { type: 'string', default: 'http://localhost:3000/payments/stripe/webhook' },
  },
})
const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, not ${values.port}`)
  process.exit(1)
}

const standIn = await startStripeStandIn({ port, webhookUrl: values.webhook })
console.log(`Stripe stand-in on ${standIn.url}, sending webhooks to ${values.webhook}. Start the app with:\n`)
console.log(Object.entries(standIn.env()).map(([k, v]) => `${k}=${v}`).join(' ') + ' npm start\n')

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void standIn.close().then(() => process.exit(0)))
}

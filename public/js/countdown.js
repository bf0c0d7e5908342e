// Listing page: the time left ticks by the server's clock, a bid's message gives way once the
// auction moves on, and screen readers hear only the price and the viewer's status.
;(function () {
  try {
    var panel = document.querySelector('.price-panel')
    if (!panel) return
    var region = panel.querySelector('#live-auction')
    var announcer = panel.querySelector('#live-announcer')
    var HOUR = 3600000

    // The same words as formatTimeLeft in src/lib/time.ts, which renders the first value.
    function timeLeft(ms) {
      var s = Math.max(0, Math.floor(ms / 1000))
      var d = Math.floor(s / 86400); s -= d * 86400
      var h = Math.floor(s / 3600); s -= h * 3600
      var m = Math.floor(s / 60); s -= m * 60
      if (d > 0) return d + ' d ' + h + ' h'
      if (h > 0) return h + ' h ' + m + ' min'
      if (m > 0) return m + ' min ' + s + ' s'
      return s + ' s'
    }

    // Counts down from the server's time sent with the element, never the device's clock: the
    // offset between the two is taken when the element arrives (with the page or a live update).
    function start(el) {
      if (el.nlCounting) return
      el.nlCounting = true
      var offset = Date.parse(el.getAttribute('data-server-now')) - Date.now()
      var ends = Date.parse(el.getAttribute('data-ends'))
      var label = el.querySelector('.countdown')
      if (!label || isNaN(offset) || isNaN(ends)) return
      function tick() {
        if (!el.isConnected) return
        var left = ends - (Date.now() + offset)
        if (left <= 0) {
          // The stylesheet hides the bid and buy buttons under [data-ended], as after a live close.
          label.textContent = 'Ended'
          el.setAttribute('data-ended', '')
          reconcile()
          return
        }
        var strong = label.querySelector('strong')
        if (strong) strong.textContent = timeLeft(left)
        // Every second in the last hour, every minute before: the next moment the words change.
        setTimeout(tick, (left > HOUR ? left % 60000 : left % 1000) + 20)
      }
      tick()
    }

    // One truth: what a bid meant when it was taken gives way once a later bid or the end came.
    function reconcile() {
      var last = panel.querySelector('[data-last-bid]')
      var lastAt = last ? Date.parse(last.getAttribute('data-last-bid')) : NaN
      var ended = Boolean(panel.querySelector('#live-auction [data-ended]'))
      panel.querySelectorAll('.bid-receipt[data-bid-at]').forEach(function (r) {
        var past = ended || lastAt > Date.parse(r.getAttribute('data-bid-at'))
        var now = r.querySelector('.bid-outcome')
        var then = r.querySelector('.bid-outcome-past')
        if (past && now && then) { now.hidden = true; then.hidden = false }
      })
    }

    // "Current bid €1,100.00. You have been outbid."
    function said() {
      if (!region) return ''
      var words = function (sel) {
        var el = region.querySelector(sel)
        return el ? el.textContent.replace(/\s+/g, ' ').trim() : ''
      }
      var status = words('[data-live="status"]')
      return words('.price .label') + ' ' + words('[data-live="price"]') + '.' + (status ? ' ' + status : '')
    }

    var lastSaid = said()
    function scan() {
      panel.querySelectorAll('[data-ends][data-server-now]').forEach(start)
      // With script the countdown and live updates keep the page current: no "as of" needed.
      panel.querySelectorAll('.as-of').forEach(function (el) { el.hidden = true })
      reconcile()
      var now = said()
      if (announcer && now !== lastSaid) announcer.textContent = now
      lastSaid = now
    }

    scan()
    var observer = new MutationObserver(scan)
    observer.observe(panel, { childList: true })
    if (region) observer.observe(region, { childList: true })
  } catch (e) {}
})();

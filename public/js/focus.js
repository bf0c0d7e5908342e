// After a form or button answered in place (htmx), focus goes where the answer is: to the
// first field the server marked invalid (its message is read with it), else to the message
// swapped in (role=alert or status). Without this, a keyboard or screen-reader user is left
// on a button that no longer exists. Live updates (server-sent events) never move focus:
// only swaps answering the person's own submit or click do.
(function () {
  try {
    var answering = new WeakMap()
    var MESSAGE = '[role="alert"], [role="status"]'
    var INVALID = '[aria-invalid="true"]'

    function first(areas, selector) {
      for (var i = 0; i < areas.length; i++) {
        var el = areas[i]
        if (el.matches && el.matches(selector)) return el
        var inside = el.querySelector && el.querySelector(selector)
        if (inside) return inside
      }
      return null
    }

    document.addEventListener('htmx:before:swap', function (e) {
      var d = e.detail || {}
      var type = d.ctx && d.ctx.sourceEvent && d.ctx.sourceEvent.type
      if (type === 'submit' || type === 'click') answering.set(d.ctx, d.tasks || [])
    })

    document.addEventListener('htmx:after:swap', function (e) {
      var ctx = e.detail && e.detail.ctx
      var tasks = ctx && answering.get(ctx)
      if (!tasks) return
      answering.delete(ctx)
      // Each task's target is, once swapped, the new element (outerHTML) or its container.
      var areas = tasks.map(function (t) { return t.target }).filter(function (el) { return el && el.isConnected })
      var target = first(areas, INVALID) || first(areas, MESSAGE)
      if (!target) return
      if (!target.matches('input, select, textarea, button, a[href], [tabindex]')) target.setAttribute('tabindex', '-1')
      target.focus()
    })
  } catch (err) {}
})()

// Tells the server the browser's time zone, so times are shown as the viewer's local time.
try {
  var tz = Intl.DateTimeFormat().resolvedOptions().timeZone
  if (tz && document.cookie.indexOf('tz=' + tz) < 0) document.cookie = 'tz=' + tz + ';path=/;max-age=31536000;samesite=lax'
} catch (e) {}

// Progressive enhancement: every <time datetime> is written in UTC by the server; this
// rewrites it in the viewer's time zone.  The pages read the same without it.
(function () {
  "use strict";
  function local() {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    if (!zone || zone === "UTC" || zone === "Etc/UTC") { return; }
    var long = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
    var short = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric" });
    var times = document.querySelectorAll("time[datetime]");
    for (var i = 0; i < times.length; i++) {
      var moment = new Date(times[i].getAttribute("datetime"));
      if (isNaN(moment.getTime()) || times[i].hasAttribute("data-short")) { continue; }
      times[i].textContent = long.format(moment);
    }
    var note = document.querySelector(".localzone");
    if (note) { note.textContent = " (shown in " + zone + ")"; }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", local); } else { local(); }
}());

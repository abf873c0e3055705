/* Local times for participants in other time zones.

   Every event time on the site is printed in the organisers' zone ("9:30–13:30 CET") from
   <time datetime="2020-12-01T09:30:00+01:00"> elements, correct without JavaScript. When the
   browser's time zone shows a different clock time for those instants, this script adds the
   viewer's own time after each time span, and a toggle button (aria-pressed) to show or hide
   them. The choice is remembered on this device (localStorage) across pages. It works with
   Material's instant navigation (document$) and without it. No network, no libraries. */
(function () {
  "use strict";

  var KEY = "ct-localtime"; // "on" | "off"
  var ON_CLASS = "ct-localtime-on";
  var WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/;
  var BLOCKS = ".ct-facts, .ct-agenda, .ct-overview, .ct-glance, .ct-session-list, " +
    "table, dl, ul, ol, p";

  function viewerZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (e) {
      return "";
    }
  }

  function load() {
    try {
      return window.localStorage.getItem(KEY);
    } catch (e) {
      return null;
    }
  }

  function save(value) {
    try {
      window.localStorage.setItem(KEY, value);
    } catch (e) {
      /* storage unavailable (private mode): the toggle still works on this page */
    }
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function partsOf(format, date) {
    var out = {};
    format.formatToParts(date).forEach(function (p) {
      out[p.type] = p.value;
    });
    return out;
  }

  function Converter(zone) {
    this.zone = zone;
    this.numeric = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit"
    });
    this.named = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone, weekday: "short", day: "numeric", month: "short", timeZoneName: "short"
    });
  }

  /* The instant of one <time datetime> in the viewer's zone, and as printed (wall clock). */
  Converter.prototype.read = function (el) {
    var iso = el.getAttribute("datetime") || "";
    var wall = WALL.exec(iso);
    var instant = new Date(iso);
    if (!wall || isNaN(instant.getTime())) {
      return null;
    }
    var n = partsOf(this.numeric, instant);
    var named = partsOf(this.named, instant);
    var hour = parseInt(n.hour, 10) % 24;
    return {
      wallDate: wall[1] + "-" + wall[2] + "-" + wall[3],
      wallClock: parseInt(wall[4], 10) + ":" + wall[5],
      date: n.year + "-" + n.month + "-" + n.day,
      clock: hour + ":" + pad(parseInt(n.minute, 10)),
      day: named.weekday + " " + named.day + " " + named.month,
      zone: named.timeZoneName || this.zone
    };
  };

  /* Group the <time> elements that carry an instant by their parent: a start and an end. */
  function groups(root) {
    var found = [];
    var times = root.querySelectorAll("time[datetime*='T']");
    for (var i = 0; i < times.length; i++) {
      var parent = times[i].parentElement;
      if (!parent || parent.hasAttribute("data-ct-local")) {
        continue;
      }
      var last = found[found.length - 1];
      if (last && last.parent === parent) {
        last.times.push(times[i]);
      } else {
        found.push({ parent: parent, times: [times[i]] });
      }
    }
    return found;
  }

  function localText(start, end) {
    var text = (start.date !== start.wallDate ? start.day + ", " : "") + start.clock;
    if (end) {
      text += "–" + (end.date !== start.date ? end.day + ", " : "") + end.clock;
    }
    return "your time: " + text + " " + start.zone;
  }

  /* Place the local time after the span's zone abbreviation (or its last time); in time
     cells (.ct-time) at the end, where CSS puts it on a line of its own. */
  function insert(group, span) {
    var parent = group.parent;
    if (parent.classList.contains("ct-time")) {
      parent.appendChild(span);
      return;
    }
    var after = group.times[group.times.length - 1];
    var next = after.nextSibling;
    while (next && next.nodeType === 3 && !next.nodeValue.trim()) {
      next = next.nextSibling;
    }
    if (next && next.nodeType === 1 && next.tagName === "ABBR") {
      after = next;
    }
    parent.insertBefore(span, after.nextSibling);
  }

  function annotate(root, convert) {
    var added = [];
    groups(root).forEach(function (group) {
      var first = convert.read(group.times[0]);
      var last = group.times.length > 1 ? convert.read(group.times[group.times.length - 1]) : null;
      if (!first) {
        return;
      }
      var differs = [first, last].some(function (t) {
        return t && (t.clock !== t.wallClock || t.date !== t.wallDate);
      });
      if (!differs) {
        return;
      }
      var span = document.createElement("span");
      span.className = "ct-local";
      span.textContent = " (" + localText(first, last) + ")";
      group.parent.setAttribute("data-ct-local", "");
      insert(group, span);
      added.push(group);
    });
    return added;
  }

  function apply(button, status, zone, on, announce) {
    document.documentElement.classList.toggle(ON_CLASS, on);
    button.setAttribute("aria-pressed", on ? "true" : "false");
    if (announce) {
      status.textContent = on
        ? "Times are also shown in your time zone, " + zone + "."
        : "Only the event times are shown.";
    }
  }

  function toolbar(zone, anchor) {
    var bar = document.createElement("div");
    bar.className = "ct-localtime";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "ct-localtime-toggle";
    button.textContent = "Also show times in my time zone (" + zone + ")";
    var status = document.createElement("span");
    status.className = "ct-localtime-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    bar.appendChild(button);
    bar.appendChild(status);
    anchor.parentNode.insertBefore(bar, anchor);
    button.addEventListener("click", function () {
      var on = button.getAttribute("aria-pressed") !== "true";
      save(on ? "on" : "off");
      apply(button, status, zone, on, true);
    });
    apply(button, status, zone, load() !== "off", false);
  }

  function init() {
    var zone = viewerZone();
    var article = document.querySelector("article") || document.body;
    if (!zone || !window.Intl || article.querySelector(".ct-localtime")) {
      return;
    }
    var added = annotate(article, new Converter(zone));
    if (!added.length) {
      return;
    }
    var anchor = added[0].parent.closest(BLOCKS) || added[0].parent;
    if (anchor.closest(".ct-facts, .ct-agenda, .ct-overview, .ct-glance")) {
      anchor = anchor.closest(".ct-facts, .ct-agenda, .ct-overview, .ct-glance");
    }
    toolbar(zone, anchor);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init); // Material: runs on load and after instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

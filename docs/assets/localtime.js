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
  var LABEL = "Also show times in my time zone";
  var ON_CLASS = "ct-localtime-on";
  var WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/;
  var BLOCKS = ".ct-facts, .ct-agenda, .ct-overview, .ct-glance, .ct-session-list, " +
    "table, dl, ul, ol, p";

  /* The zone's id: Temporal's costs nothing; Intl's first use costs a phone about 50 ms. */
  function viewerZone() {
    try {
      return (window.Temporal && Temporal.Now.timeZoneId()) ||
        Intl.DateTimeFormat().resolvedOptions().timeZone || "";
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

  /* Zones as people write them: the abbreviation they use (EET, CET, GMT; EST in New York,
     which British English calls GMT-5), else the city under its current name ("Kyiv time", not
     the browser's "Europe/Kiev"); never an offset. The zone's English name in Date's text gives
     the usual abbreviations without Intl; Intl is asked for other zones and languages. */
  var NAMED = {
    "Greenwich Mean Time": "GMT", "British Summer Time": "BST", "Irish Standard Time": "IST",
    "Coordinated Universal Time": "UTC"
  };
  var EUROPE = /^(Western|Central|Eastern) European (Standard|Summer) Time$/;
  var AMERICA = /^(Eastern|Central|Mountain|Pacific) (Standard|Daylight) Time$/;
  var RENAMED = {
    Kiev: "Kyiv", Uzhgorod: "Uzhhorod", Zaporozhye: "Zaporizhzhia", Calcutta: "Kolkata",
    Saigon: "Ho Chi Minh City", Katmandu: "Kathmandu", Rangoon: "Yangon", Godthab: "Nuuk",
    Faeroe: "Faroe"
  };
  var OFFSET = /^(GMT|UTC)[+\-\u2212]/;
  var DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function cityOf(zone) {
    var last = zone.split("/").pop().replace(/_/g, " ");
    return RENAMED[last] || last;
  }

  function abbreviation(date) {
    var name = (/\(([^)]+)\)$/.exec(String(date)) || [])[1] || "";
    var m = EUROPE.exec(name);
    if (m) {
      return m[1][0] + "E" + (m[2] === "Summer" ? "S" : "") + "T";
    }
    m = AMERICA.exec(name);
    return m ? m[1][0] + m[2][0] + "T" : NAMED[name] || "";
  }

  function shortName(locale, date) {
    try {
      var parts = new Intl.DateTimeFormat(locale, { timeZoneName: "short" }).formatToParts(date);
      for (var i = 0; i < parts.length; i++) {
        if (parts[i].type === "timeZoneName") {
          return parts[i].value;
        }
      }
    } catch (e) {
      /* no Intl time-zone names: the city below */
    }
    return "";
  }

  /* The viewer's clock is the browser's own: Date's local getters give it, without Intl. */
  function Converter() {
    this.city = null;
    this.names = {}; // by UTC offset: summer and winter time may have different names
  }

  Converter.prototype.place = function () {
    if (this.city === null) {
      this.city = cityOf(viewerZone());
    }
    return this.city;
  };

  Converter.prototype.zoneName = function (date) {
    var key = date.getTimezoneOffset();
    if (!(key in this.names)) {
      var name = abbreviation(date) || shortName("en-GB", date);
      if (!name || OFFSET.test(name)) {
        name = shortName("en-US", date);
      }
      this.names[key] = name && !OFFSET.test(name) ? name : this.place() && this.place() + " time";
    }
    return this.names[key];
  };

  /* The instant of one <time datetime> in the viewer's zone, and as printed (wall clock). */
  Converter.prototype.read = function (el) {
    var iso = el.getAttribute("datetime") || "";
    var wall = WALL.exec(iso);
    var d = new Date(iso);
    if (!wall || isNaN(d.getTime())) {
      return null;
    }
    return {
      wallDate: wall[1] + "-" + wall[2] + "-" + wall[3],
      wallClock: parseInt(wall[4], 10) + ":" + wall[5],
      date: d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()),
      clock: d.getHours() + ":" + pad(d.getMinutes()),
      day: DAYS[d.getDay()] + " " + d.getDate() + " " + MONTHS[d.getMonth()],
      at: d
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

  function localText(start, end, zone) {
    var text = (start.date !== start.wallDate ? start.day + ", " : "") + start.clock;
    if (end) {
      text += "–" + (end.date !== start.date ? end.day + ", " : "") + end.clock;
    }
    return " (your time: " + text + (zone ? " " + zone : "") + ")";
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
      span.textContent = localText(first, last, convert.zoneName(first.at));
      group.parent.setAttribute("data-ct-local", "");
      insert(group, span);
      added.push(group);
    });
    return added;
  }

  function apply(view, on, announce) {
    document.documentElement.classList.toggle(ON_CLASS, on);
    view.button.setAttribute("aria-pressed", on ? "true" : "false");
    if (announce) {
      view.status.textContent = on
        ? "Times are also shown in your time zone" + (view.place ? ", " + view.place : "") + "."
        : "Only the event times are shown.";
    }
  }

  function toolbar(place, anchor) {
    var bar = document.createElement("div");
    bar.className = "ct-localtime";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "ct-localtime-toggle";
    button.textContent = LABEL + (place ? " (" + place + ")" : "");
    var status = document.createElement("span");
    status.className = "ct-localtime-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    bar.appendChild(button);
    bar.appendChild(status);
    anchor.parentNode.insertBefore(bar, anchor);
    var view = { button: button, status: status, place: place };
    button.addEventListener("click", function () {
      var on = button.getAttribute("aria-pressed") !== "true";
      save(on ? "on" : "off");
      apply(view, on, true);
    });
    apply(view, load() !== "off", false);
  }

  function init() {
    var article = document.querySelector("article") || document.body;
    if (article.querySelector(".ct-localtime")) {
      return;
    }
    var convert = new Converter();
    var added = annotate(article, convert);
    if (!added.length) {
      return;
    }
    var anchor = added[0].parent.closest(BLOCKS) || added[0].parent;
    if (anchor.closest(".ct-facts, .ct-agenda, .ct-overview, .ct-glance")) {
      anchor = anchor.closest(".ct-facts, .ct-agenda, .ct-overview, .ct-glance");
    }
    toolbar(convert.place(), anchor);
  }

  /* At once when the page body is parsed (this script comes after it, before the theme's
     bundle): the theme, which lays the page out as it starts, then lays it out once with the
     local times in it, not once more for them (a second layout of a long page was most of this
     script's cost on a phone). Material's document$, defined by its bundle, exists once the
     document is parsed: through it the script runs again after instant navigation. */
  if (document.querySelector("article")) {
    init();
  }
  function follow() {
    init();
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(init);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", follow);
  } else {
    follow();
  }
})();

// Small progressive enhancements; every page works without this script.
"use strict";
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  // A sort applies when chosen; a date when it is complete and the field is left (or Enter is
  // pressed), never while it is typed: Chromium reports 0001-01-15 after the year's first digit.
  // (The 应用 button stays for browsers without script.)
  document.querySelectorAll("[data-autosubmit]").forEach(function (row) {
    var form = row.closest("form");
    var apply = row.querySelector(".apply");
    if (apply) apply.hidden = true;
    row.querySelectorAll("select").forEach(function (control) {
      control.addEventListener("change", function () { form.requestSubmit(); });
    });
    row.querySelectorAll("input[type=date]").forEach(function (control) {
      var applied = control.value;
      var complete = function () {
        var value = control.value;
        return !value || (/^\d{4}-\d{2}-\d{2}$/.test(value) && value >= "1900-01-01");
      };
      control.addEventListener("blur", function () {
        if (control.value !== applied && complete()) { applied = control.value; form.requestSubmit(); }
      });
      control.addEventListener("keydown", function (e) {
        if (e.key !== "Enter") return;
        e.preventDefault();
        if (complete()) { applied = control.value; form.requestSubmit(); }
      });
    });
  });
  // Empty fields stay out of the address (?q=审计, not ?q=审计&sort=&from=&to=).
  document.querySelectorAll("form.search").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("input[name], select[name]").forEach(function (field) {
        if (field.value === "" && field.name !== "q") field.disabled = true;
      });
    });
  });
  // The month chart opens on its latest months (its left end is the oldest, often empty).
  document.querySelectorAll("[data-scroll-end]").forEach(function (wrap) { wrap.scrollLeft = wrap.scrollWidth; });
  // An initial's link opens its (closed) group of names.
  var openTarget = function () {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.tagName === "DETAILS") target.open = true;
  };
  window.addEventListener("hashchange", openTarget);
  openTarget();
  window.addEventListener("pageshow", function () {  // back to a page whose form was sent
    document.querySelectorAll("form.search [name]:disabled").forEach(function (field) { field.disabled = false; });
  });
  // On a phone the facets wait behind a 筛选 button, and open above the results.
  var toggle = document.querySelector(".show-filters");
  var facets = document.getElementById("facets");
  if (toggle && facets) {
    toggle.hidden = window.matchMedia("(max-width: 760px)").matches ? false : true;
    var setOpen = function (open) {
      facets.classList.toggle("open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    };
    toggle.addEventListener("click", function () {
      setOpen(!facets.classList.contains("open"));
      if (facets.classList.contains("open")) facets.scrollIntoView({ block: "start" });
    });
    // A tap on a value reloads the page: the panel opens again where it was, until 显示 N 条结果.
    facets.addEventListener("click", function (e) {
      if (e.target.closest("a") && facets.classList.contains("open")) sessionStorage.setItem("facets-open", "1");
    });
    if (!toggle.hidden && sessionStorage.getItem("facets-open") === "1") {
      setOpen(true);
      facets.scrollIntoView({ block: "start" });
    }
    sessionStorage.removeItem("facets-open");
    var results = facets.querySelector(".show-results");
    if (results) results.addEventListener("click", function () {
      setOpen(false);
      var hits = document.getElementById("hits");
      if (hits) { hits.scrollIntoView({ block: "start" }); hits.focus({ preventScroll: true }); }
    });
    // On a phone each facet is its heading, a button that opens it (one with a selected value
    // starts open); open, it shows five values, and 显示全部 the others.
    facets.querySelectorAll(".facet").forEach(function (facet) {
      if (toggle.hidden) return;
      var heading = facet.querySelector(":scope > h2");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "facet-toggle";
      while (heading.firstChild) button.appendChild(heading.firstChild);
      heading.appendChild(button);
      var folded = !facet.querySelector("a.selected");
      facet.classList.toggle("folded", folded);
      button.setAttribute("aria-expanded", folded ? "false" : "true");
      button.addEventListener("click", function () {
        var now = facet.classList.toggle("folded");
        button.setAttribute("aria-expanded", now ? "false" : "true");
      });
    });
    facets.querySelectorAll(".facet").forEach(function (facet) {
      var values = facet.querySelectorAll(":scope > ul > li");
      if (values.length <= 5) return;
      var all = document.createElement("button");
      all.type = "button";
      all.className = "show-all";
      all.textContent = "显示全部（" + values.length + "）";
      all.addEventListener("click", function () { facet.classList.add("all"); all.remove(); });
      facet.querySelector(":scope > ul").after(all);
    });
  }
  // A filter box inside long facets: asks the server for every value containing the typed text
  // (the page shows only the most frequent), with counts under the current filters.
  document.querySelectorAll("[data-facet-filter]").forEach(function (input) {
    var facet = input.closest(".facet");
    var name = input.getAttribute("data-facet-filter");
    var found = document.createElement("ul");
    found.className = "found";
    found.setAttribute("aria-live", "polite");
    input.after(found);
    input.hidden = false;
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var needle = input.value.trim();
      facet.classList.toggle("searching", needle !== "");
      if (!needle) { found.textContent = ""; return; }
      timer = setTimeout(function () {
        var params = new URLSearchParams(window.location.search);
        params.set("contains", needle);
        fetch(input.getAttribute("data-source") + "?" + params.toString())
          .then(function (r) { return r.ok ? r.json() : { values: [] }; })
          .then(function (data) {
            found.textContent = "";
            if (!data.values.length) {
              var none = document.createElement("li");
              none.className = "none";
              none.textContent = "没有包含“" + needle + "”的值";
              found.appendChild(none);
            }
            data.values.forEach(function (v) {
              var li = document.createElement("li"), a = document.createElement("a");
              var label = document.createElement("span"), count = document.createElement("span");
              a.href = v.url;
              if (v.selected) { a.className = "selected"; }
              label.className = "value"; label.textContent = v.label;
              count.className = "count"; count.textContent = v.count;
              a.appendChild(label); a.appendChild(document.createTextNode(" ")); a.appendChild(count);
              li.appendChild(a); found.appendChild(li);
            });
          })
          .catch(function () {});
      }, 150);
    });
  });
  // Suggestions in the search box: people by name, pinyin (huangji, huang ji) or initials (hj).
  var box = document.getElementById("q");
  var list = document.getElementById("people-suggestions");
  if (box && list) {
    var timer = null, asked = "";
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var word = box.value.trim().split(/\s+/).pop() || "";
        var typed = /^[A-Za-z]+$/.test(box.value.trim().replace(/\s+/g, "")) ? box.value.trim() : word;
        if (typed.length < 2 || typed === asked) return;
        asked = typed;
        fetch(list.getAttribute("data-source") + "?q=" + encodeURIComponent(typed))
          .then(function (r) { return r.ok ? r.json() : { people: [] }; })
          .then(function (data) {
            list.textContent = "";
            (data.people || []).concat(data.did_you_mean || []).slice(0, 12).forEach(function (p) {
              var option = document.createElement("option");
              option.value = "人员:" + p.name + "（" + p.city + "）";
              option.label = p.name + "（" + p.city + "，" + p.meetings + " 次会议）";
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 150);
    });
  }
  // Copy a citation: the button is shown only where the script runs.
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = document.getElementById(button.getAttribute("data-copy")).textContent;
      var done = function () { button.textContent = "已复制"; setTimeout(function () { button.textContent = "复制引用"; }, 2000); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () { button.textContent = "请手动复制"; });
      } else {
        var range = document.createRange();
        range.selectNodeContents(document.getElementById(button.getAttribute("data-copy")));
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
        button.textContent = "已选中，请按 Ctrl+C";
      }
    });
  });
  // The same for long name lists (people, departments, documents), by text, pinyin or initials.
  // What is typed is folded as the index folds it (traditional 黃 → 黄, full-width Ｈ → h), with
  // the table the page carries for its own names' characters (`data-fold`).
  document.querySelectorAll("[data-list-filter]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("data-list-filter"));
    var folding = JSON.parse(input.getAttribute("data-fold") || "{}");
    var shown = document.getElementById(input.getAttribute("aria-describedby"));
    var items = list.querySelectorAll("li");
    input.addEventListener("input", function () {
      var needle = Array.from(input.value.trim().replace(/\s+/g, "")).map(function (ch) {
        return folding[ch] || ch;
      }).join("").toLowerCase();
      var count = 0;
      items.forEach(function (li) {
        var hay = (li.textContent + " " + (li.getAttribute("data-match") || "")).toLowerCase();
        li.hidden = needle !== "" && hay.indexOf(needle) === -1;
        count += li.hidden ? 0 : 1;
      });
      list.querySelectorAll("details.initial").forEach(function (section) {
        section.hidden = !section.querySelector("li:not([hidden])");
        if (!section.hasAttribute("data-was-open")) section.setAttribute("data-was-open", section.open ? "1" : "");
        section.open = needle !== "" ? !section.hidden : section.getAttribute("data-was-open") === "1";
      });
      if (shown) {
        shown.hidden = needle === "";
        shown.textContent = count ? "筛选出 " + count + " / " + items.length + " 项" : "没有符合「" + input.value.trim() + "」的项（可输入汉字、繁体、拼音或首字母）";
      }
    });
  });
});

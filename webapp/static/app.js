// Small progressive enhancements; every page works without this script.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // A filter box inside long facets: hides values that do not contain the typed text.
  document.querySelectorAll("[data-facet-filter]").forEach(function (input) {
    var facet = input.closest(".facet");
    input.hidden = false;
    input.addEventListener("input", function () {
      var needle = input.value.trim();
      var more = facet.querySelector("details.more");
      if (more && needle) more.open = true;
      facet.querySelectorAll("li").forEach(function (li) {
        li.hidden = needle !== "" && li.textContent.indexOf(needle) === -1;
      });
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
  // The same for long name lists (people, departments).
  document.querySelectorAll("[data-list-filter]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("data-list-filter"));
    input.addEventListener("input", function () {
      var needle = input.value.trim();
      list.querySelectorAll("li").forEach(function (li) {
        li.hidden = needle !== "" && li.textContent.indexOf(needle) === -1;
      });
    });
  });
});

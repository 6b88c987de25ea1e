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

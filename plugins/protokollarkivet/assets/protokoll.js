// Protokollarkivet: the decision register's filter and the citation copy buttons.
// Without scripts the whole register stays readable and every citation can be selected by hand.
(function () {
  "use strict";

  function setUpCopy() {
    if (!navigator.clipboard) return;
    // The words come from the locale, through <meta> elements the plugin adds to every page.
    function text(name) {
      var meta = document.querySelector('meta[name="protokoll:' + name + '"]');
      return meta ? meta.content : name;
    }
    var copy = [text("copy"), text("copied")];
    Array.prototype.forEach.call(document.querySelectorAll(".pa-cite .pa-citation"), function (citation) {
      if (citation.dataset.ready) return;
      citation.dataset.ready = "1";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button pa-copy";
      button.textContent = copy[0];
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(citation.textContent).then(function () {
          button.textContent = copy[1];
          window.setTimeout(function () { button.textContent = copy[0]; }, 2000);
        });
      });
      citation.parentNode.insertBefore(button, citation.nextSibling);
    });
  }

  function setUp() {
    setUpCopy();
    setUpFilter();
  }

  function setUpFilter() {
    var form = document.getElementById("pa-filter");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    // The register the form filters: the decisions by default, or what data-items names (assignments).
    var decisions = Array.prototype.slice.call(document.querySelectorAll(form.dataset.items || ".pa-decisions .pa-decision"));
    var years = Array.prototype.slice.call(document.querySelectorAll(form.dataset.groups || ".pa-decision-year"));
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-attribute]"));
    var words = document.getElementById("pa-filter-words");
    var yearSelect = document.getElementById("pa-filter-year");
    var status = form.querySelector(".pa-filter-status");
    var texts = decisions.map(function (d) { return d.textContent.toLocaleLowerCase("sv"); });
    var fields = words ? selects.concat([words]) : selects;

    // The filter's state is the page's address: "beslut/?år=2022&kommun=hoganas" can be shared.
    // In a register paged by year the year is the page's own address, not part of its query.
    function query() {
      var params = new URLSearchParams();
      fields.forEach(function (field) {
        if (field.value && !(field === yearSelect && form.dataset.yearPages)) params.set(field.name, field.value);
      });
      var text = params.toString();
      return text ? "?" + text : "";
    }

    function restore() {
      var params = new URLSearchParams(window.location.search);
      fields.forEach(function (field) {
        var value = params.get(field.name);
        if (value === null) return;
        if (field.tagName === "SELECT" && !Array.prototype.some.call(field.options, function (o) { return o.value === value; })) return;
        field.value = value;
      });
    }

    function apply() {
      var query_words = words ? words.value.toLocaleLowerCase("sv").split(/\s+/).filter(Boolean) : [];
      var shown = 0;
      decisions.forEach(function (decision, i) {
        var visible = selects.every(function (select) {
          if (!select.value) return true;
          var values = (decision.getAttribute("data-" + select.dataset.attribute) || "").split(" ");
          return values.indexOf(select.value) !== -1;
        }) && query_words.every(function (word) { return texts[i].indexOf(word) !== -1; });
        decision.hidden = !visible;
        if (visible) shown += 1;
      });
      years.forEach(function (year) {
        year.hidden = !decisions.some(function (d) { return !d.hidden && year.contains(d); });
      });
      status.textContent = status.dataset.template
        .replace("{shown}", String(shown)).replace("{total}", String(decisions.length));
      window.history.replaceState(null, "", window.location.pathname + query() + window.location.hash);
    }

    // A register paged by year: choosing a year opens its page, keeping the other filters.
    function changeYear() {
      if (!yearSelect) return false;
      var option = yearSelect.options[yearSelect.selectedIndex];
      if (form.dataset.yearPages && option && option.dataset.href) {
        window.location.href = option.dataset.href + query();
        return true;
      }
      return false;
    }

    restore();
    // A shared address of a paged register names another year than this page shows: open that year's page.
    var chosen = yearSelect && yearSelect.options[yearSelect.selectedIndex];
    if (form.dataset.yearPages && chosen && !chosen.defaultSelected && changeYear()) return;
    form.addEventListener("input", apply);
    form.addEventListener("change", function (event) {
      if (event.target === yearSelect && changeYear()) return;
      apply();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    apply();
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setUp); // Material's instant navigation
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();

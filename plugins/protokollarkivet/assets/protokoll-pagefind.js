// Protokollarkivet: Pagefind answers queries in Material's search box (plugin option `search: pagefind`).
// Pagefind fetches only the index fragments a query needs, so search stays light at 10,000 protocols.
// Material's own search never starts (its form is not named "search"), and its events are caught first.
(function () {
  "use strict";

  function text(name) {
    var meta = document.querySelector('meta[name="protokoll:' + name + '"]');
    return meta ? meta.content : name;
  }

  function siteRoot() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  function escapeHtml(value) {
    return String(value).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  var root = siteRoot();
  var loading = null;
  var generation = 0;
  var prompt = null;
  var DEBOUNCE_MS = 300; // as Pagefind's own UI: a pause in typing, well above the gap between keys
  var PAGE_SIZE = 20; // results drawn at once; more on request
  var FILTERS = [
    ["search_filter_year", "year"],
    ["search_filter_body", "body"],
    ["search_filter_municipality", "municipality"],
  ];

  function pagefind() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        return module.options({ baseUrl: root.pathname }).then(function () {
          module.init();
          return module;
        });
      });
    }
    return loading;
  }

  function filterBar(module, output) {
    var bar = document.createElement("fieldset");
    bar.className = "pa-search-filters";
    var legend = document.createElement("legend");
    legend.textContent = text("search_filters");
    bar.appendChild(legend);
    return module.filters().then(function (available) {
      FILTERS.forEach(function (pair) {
        var name = text(pair[0]);
        var values = Object.keys(available[name] || {}).sort().reverse();
        if (pair[1] !== "year") values.reverse();
        var id = "pa-search-" + pair[1];
        var label = document.createElement("label");
        label.htmlFor = id;
        label.textContent = name;
        var select = document.createElement("select");
        select.id = id;
        select.dataset.filter = name;
        select.innerHTML = '<option value="">' + escapeHtml(text("search_filter_all")) + "</option>" +
          values.map(function (v) { return "<option>" + escapeHtml(v) + "</option>"; }).join("");
        label.appendChild(select);
        bar.appendChild(label);
      });
      output.insertBefore(bar, output.firstChild);
      bar.addEventListener("change", run);
    });
  }

  function chosenFilters() {
    var filters = {};
    Array.prototype.forEach.call(document.querySelectorAll(".pa-search-filters select"), function (select) {
      if (select.value) filters[select.dataset.filter] = select.value;
    });
    return filters;
  }

  function item(url, title, excerpt) {
    return '<li class="md-search-result__item"><a href="' + escapeHtml(url) + '" class="md-search-result__link" tabindex="-1">' +
      '<article class="md-search-result__article md-typeset"><h1>' + escapeHtml(title) + "</h1><p>" + excerpt + "</p></article></a></li>";
  }

  function run() {
    var input = document.querySelector(".md-search__input");
    var meta = document.querySelector(".md-search-result__meta");
    var list = document.querySelector(".md-search-result__list");
    if (!input || !meta || !list) return;
    var query = input.value.trim();
    var filters = chosenFilters();
    var mine = ++generation;
    if (!query && !Object.keys(filters).length) {
      list.innerHTML = "";
      moreButton([], 0, mine);
      if (prompt === null) prompt = meta.textContent;
      meta.textContent = prompt;
      return;
    }
    if (prompt === null) prompt = meta.textContent; // "Skriv sökord", as the page was written
    pagefind().then(function (module) {
      // Typing starts no search per key: Pagefind waits until the typing pauses, and a query overtaken
      // by a newer one answers null instead of queueing before it.
      return module.debouncedSearch(query || null, { filters: filters }, DEBOUNCE_MS);
    }).then(function (search) {
      if (!search || mine !== generation) return null;
      return Promise.all(search.results.slice(0, PAGE_SIZE).map(function (r) { return r.data(); })).then(function (data) {
        return { results: search.results, data: recordFirst(data) };
      });
    }).then(function (found) {
      if (!found || mine !== generation) return; // a newer query is under way
      var count = found.results.length;
      meta.textContent = count ? text("search_results").replace("{count}", String(count)) : text("search_no_results");
      list.innerHTML = found.data.map(drawn).join("");
      moreButton(found.results, PAGE_SIZE, mine);
    });
  }

  function drawn(page) {
    var sections = (page.sub_results || []).filter(function (s) { return s.url !== page.url; }).slice(0, 3);
    return item(page.url, page.meta.title, page.excerpt) + sections.map(function (s) { return item(s.url, s.title, s.excerpt); }).join("");
  }

  // Results past the first page of them are fetched when asked for: each costs a fragment.
  function moreButton(results, shown, mine) {
    var old = document.querySelector(".pa-search-more");
    if (old) old.remove();
    if (results.length <= shown) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "pa-search-more md-button";
    button.textContent = text("search_more").replace("{shown}", String(shown)).replace("{count}", String(results.length));
    button.addEventListener("click", function () {
      Promise.all(results.slice(shown, shown + PAGE_SIZE).map(function (r) { return r.data(); })).then(function (data) {
        if (mine !== generation) return;
        var list = document.querySelector(".md-search-result__list");
        var first = list.children.length;
        list.insertAdjacentHTML("beforeend", data.map(drawn).join(""));
        moreButton(results, shown + PAGE_SIZE, mine);
        var next = list.children[first] && list.children[first].querySelector("a");
        if (next) next.focus(); // a keyboard user goes on from the first new result
      });
    });
    document.querySelector(".md-search-result").appendChild(button);
  }

  // Pagefind ranks a page of a few words above every long protocol that uses them. So a page that lists
  // records (a project's, meta "listing") never comes before the best record found, and a page about the
  // archive (meta "about") comes after every record.
  function recordFirst(pages) {
    var records = pages.filter(function (page) { return !page.meta.about; });
    var about = pages.filter(function (page) { return page.meta.about; });
    var best = records.findIndex(function (page) { return !page.meta.listing; });
    if (best > 0) records = [records[best]].concat(records.slice(0, best), records.slice(best + 1));
    return records.concat(about);
  }

  function fromSearchBox(event) {
    return event.target && event.target.classList && event.target.classList.contains("md-search__input");
  }

  // Capture phase: these handlers run before Material's and keep the events from reaching it.
  ["input", "keyup"].forEach(function (type) {
    window.addEventListener(type, function (event) {
      if (!fromSearchBox(event)) return;
      event.stopPropagation();
      if (type === "input") run();
    }, true);
  });
  window.addEventListener("focusin", function (event) {
    if (!fromSearchBox(event) || document.querySelector(".pa-search-filters")) return;
    var output = document.querySelector(".md-search-result");
    if (output) pagefind().then(function (module) { return filterBar(module, output); });
  });
})();

// Search-as-you-type: a WAI-ARIA combobox with a listbox popup (APG "list autocomplete").
// It enhances every [data-combobox] search field; without JavaScript the field is a plain
// input of its form, which submits to the results page.
//
// Keys: Down/Up move through the suggestions (Alt+Down opens them), Enter opens the chosen
// one or, with none chosen, submits the form, Escape closes the list (a second Escape clears
// the field), Tab leaves. The suggestions are the titles of the top results the person may
// read, with the matching words in <mark> (escaped by the server), and "all results".
(() => {
  const MIN_LENGTH = 2;
  const DELAY = 200;

  const format = (template, count) => template.replace("%(count)s", String(count));

  const enhance = (box) => {
    if (box.dataset.enhanced) return;
    box.dataset.enhanced = "1";
    const input = box.querySelector("input");
    const listbox = box.querySelector("[role=listbox]");
    const status = box.querySelector("[role=status]");
    const form = input.form;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    let timer;
    let controller;
    let active = -1;

    const options = () => Array.from(listbox.querySelectorAll("[role=option]"));

    const close = () => {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    };

    const open = () => {
      if (!options().length) return;
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    };

    const choose = (index) => {
      const all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach((option, position) => {
        option.setAttribute("aria-selected", position === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    };

    const follow = (option) => {
      if (option.dataset.url) {
        window.location.assign(option.dataset.url);
      } else {
        form.requestSubmit();
      }
    };

    const render = (data, query) => {
      const items = data.suggestions.map((suggestion, index) => {
        const option = document.createElement("li");
        option.id = `${listbox.id}-${index}`;
        option.className = "combobox__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.url = suggestion.url;
        const title = document.createElement("span");
        title.className = "combobox__title";
        title.innerHTML = suggestion.title_html; // escaped by the server, <mark> only
        const type = document.createElement("span");
        type.className = "combobox__type";
        type.textContent = suggestion.type_label;
        option.append(title, type);
        return option;
      });
      if (data.total > 0) {
        const all = document.createElement("li");
        all.id = `${listbox.id}-all`;
        all.className = "combobox__option combobox__option--all";
        all.setAttribute("role", "option");
        all.setAttribute("aria-selected", "false");
        all.textContent = format(box.dataset.textAll, data.total);
        items.push(all);
      }
      listbox.replaceChildren(...items);
      active = -1;
      input.removeAttribute("aria-activedescendant");
      status.textContent = data.suggestions.length
        ? format(box.dataset.textResults, data.suggestions.length)
        : box.dataset.textNone;
      if (items.length && input.value.trim() === query) open();
      else close();
    };

    const fetchSuggestions = async (query) => {
      controller?.abort();
      controller = new AbortController();
      try {
        const url = `${box.dataset.suggestionsUrl}?q=${encodeURIComponent(query)}`;
        const response = await fetch(url, {
          headers: { Accept: "application/json" },
          signal: controller.signal,
        });
        if (!response.ok) return;
        render(await response.json(), query);
      } catch {
        // Suggestions are a convenience; the form works without them.
      }
    };

    input.addEventListener("input", () => {
      clearTimeout(timer);
      const query = input.value.trim();
      if (query.length < MIN_LENGTH) {
        listbox.replaceChildren();
        status.textContent = "";
        close();
        return;
      }
      timer = setTimeout(() => fetchSuggestions(query), DELAY);
    });

    input.addEventListener("keydown", (event) => {
      const isOpen = !listbox.hidden;
      switch (event.key) {
        case "ArrowDown":
          if (!isOpen) open();
          if (!event.altKey) choose(active + 1);
          event.preventDefault();
          break;
        case "ArrowUp":
          if (!isOpen) open();
          choose(active - 1);
          event.preventDefault();
          break;
        case "Enter":
          if (isOpen && active >= 0) {
            event.preventDefault();
            follow(options()[active]);
          }
          break;
        case "Escape":
          if (isOpen) close();
          else input.value = "";
          event.preventDefault();
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    // Pointer: pressing an option must not blur the field before the click lands.
    listbox.addEventListener("mousedown", (event) => event.preventDefault());
    listbox.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option) follow(option);
    });
    input.addEventListener("blur", close);
  };

  document.querySelectorAll("[data-combobox]").forEach(enhance);
})();

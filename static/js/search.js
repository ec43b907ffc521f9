// Search-as-you-type: fills the search field's <datalist> with titles the person may read.
// Without JavaScript the form simply submits.
(() => {
  const form = document.querySelector("form[data-suggestions-url]");
  if (!form) return;
  const input = form.querySelector("input[type=search]");
  const list = document.getElementById(input.getAttribute("list"));
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const query = input.value.trim();
    if (query.length < 2) return;
    timer = setTimeout(async () => {
      try {
        const url = `${form.dataset.suggestionsUrl}?q=${encodeURIComponent(query)}`;
        const response = await fetch(url, { headers: { Accept: "application/json" } });
        if (!response.ok) return;
        const data = await response.json();
        list.replaceChildren(
          ...data.suggestions.map((suggestion) => {
            const option = document.createElement("option");
            option.value = suggestion.title;
            return option;
          }),
        );
      } catch {
        // Suggestions are a convenience; the form works without them.
      }
    }, 200);
  });
})();

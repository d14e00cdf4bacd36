// Lists that grow with history come a page at a time ({items, next_cursor}): a page shows the first page,
// and "更多" appends the next one. A page re-read on a live notice reads as many rows as it showed.

import { api } from "./api.js";
import { errorBox, h } from "./ui.js";

export const PAGE_SIZE = 50;
const LARGEST_PAGE = 200;

/** The page size a page was asked for (`?limit=` in its address), within what the service allows. */
export function pageSizeOf(query) {
  const asked = Number(query.limit);
  return Number.isInteger(asked) && asked >= 1 && asked <= LARGEST_PAGE ? asked : PAGE_SIZE;
}

/** The list's first page, or as many pages as it takes to hold `atLeast` rows: {rows, cursor}. */
export async function firstPages(path, params, { limit = PAGE_SIZE, atLeast = 0 } = {}) {
  const rows = [];
  let cursor = null;
  do {
    const page = await api.get(path, { ...params, limit, cursor });
    rows.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && rows.length < atLeast);
  return { rows, cursor };
}

/** "更多": reads the page after `cursor` and hands its rows and the next cursor on; none on the last page. */
export function moreButton({ path, params, limit = PAGE_SIZE, cursor, onPage, testid }) {
  if (!cursor) return null;
  const button = h("button", { type: "button", class: "secondary" }, "更多");
  const message = h("span", { class: "form-message" });
  button.addEventListener("click", async () => {
    button.disabled = true;
    button.textContent = "正在读取……";
    message.replaceChildren();
    try {
      const page = await api.get(path, { ...params, limit, cursor });
      onPage(page.items, page.next_cursor);
    } catch (error) {
      button.disabled = false;
      button.textContent = "更多";
      message.replaceChildren(errorBox(error));
    }
  });
  return h("div", { class: "more", "data-testid": testid }, button, message);
}

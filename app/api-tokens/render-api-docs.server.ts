import { Marked } from "marked";
import apiDocumentation from "../../docs/API.md?raw";

export type ApiDocumentation = { html: string };

let rendered: string | undefined;

// The page has its own h1; the document's headings go one level down so the outline stays one tree.
const markdown = new Marked({
  gfm: true,
  walkTokens: (token) => {
    if (token.type === "heading") token.depth = Math.min(6, token.depth + 1);
  },
});

/**
 * docs/API.md as HTML, for the in-app documentation page: the same text integrators read in the repository, so the
 * two never drift. The file is ours and bundled at build time, so its HTML is trusted; rendered once per process.
 */
export function renderApiDocumentation(): ApiDocumentation {
  rendered ??= markdown.parse(apiDocumentation, { async: false });
  return { html: rendered };
}

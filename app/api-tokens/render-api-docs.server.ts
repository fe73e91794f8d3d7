import { marked } from "marked";
import apiDocumentation from "../../docs/API.md?raw";

export type ApiDocumentation = { html: string };

let rendered: string | undefined;

/**
 * docs/API.md as HTML, for the in-app documentation page: the same text integrators read in the repository, so the
 * two never drift. The file is ours and bundled at build time, so its HTML is trusted; rendered once per process.
 */
export function renderApiDocumentation(): ApiDocumentation {
  rendered ??= marked.parse(apiDocumentation, { async: false, gfm: true });
  return { html: rendered };
}

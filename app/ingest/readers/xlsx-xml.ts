// Streams one XML part of a workbook through a SAX parser (saxes), chunk by chunk: memory holds one
// decompressed chunk and whatever the handler keeps, never the part. Element and attribute names are given
// without namespace prefixes, because some writers prefix SpreadsheetML elements (<x:row>) and Strict OOXML
// uses other namespaces for the same elements.
//
// A part that declares a DOCTYPE is refused: SpreadsheetML never uses one, and a DTD is how entity expansion
// ("billion laughs") and external entities (reading other files or URLs) get into XML.
import { SaxesParser } from "saxes";
import { refuseFile } from "./file-error";
import { type ZipArchive, type ZipEntry } from "./xlsx-zip";

export type XmlAttributes = Record<string, string>;

export interface XmlHandler {
  open(name: string, attributes: XmlAttributes): void;
  close(name: string): void;
  /** Character data (entities decoded), possibly in several pieces for one text node. */
  text(text: string): void;
}

export function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

/** An attribute by local name (`id` finds `r:id`). */
export function attribute(attributes: XmlAttributes, name: string): string | undefined {
  const exact = attributes[name];
  if (exact !== undefined) return exact;
  for (const [key, value] of Object.entries(attributes)) {
    if (localName(key) === name) return value;
  }
  return undefined;
}

/**
 * SpreadsheetML escapes characters XML cannot carry as _xHHHH_ (a carriage return is _x000D_, and a literal
 * "_x" sequence is written _x005F_x…); decoded here so that cells read as Excel shows them.
 */
export function decodeSpreadsheetText(text: string): string {
  if (!text.includes("_x")) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

export interface XmlStreamOptions {
  /**
   * Most characters the parser may hold for a single unfinished token (a text node, a tag, a comment)
   * before failing with the error tooLarge() makes: this bounds memory whatever the part contains.
   */
  maxTokenCharacters: number;
  tooLarge: () => Error;
  /** The upload's name, for refusals. */
  fileName: string;
  /** Called with the running total of bytes inflated from the part; throws to stop (see xlsx-limits.ts). */
  meter?: (produced: number) => void;
}

/**
 * Feeds the part to the handler, pausing after each chunk (the generator yields) so that the caller can
 * hand on what the handler collected before more is read. Returning early stops reading the part.
 */
export async function* streamXml(zip: ZipArchive, entry: ZipEntry, handler: XmlHandler, options: XmlStreamOptions): AsyncGenerator<void, void, undefined> {
  const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  // Characters written since the parser last produced an event: an upper bound of what it holds unfinished.
  let unfinished = 0;
  parser.on("opentag", (tag) => {
    unfinished = 0;
    handler.open(localName(tag.name), tag.attributes);
  });
  parser.on("closetag", (tag) => {
    unfinished = 0;
    handler.close(localName(tag.name));
  });
  parser.on("text", (text) => {
    unfinished = 0;
    handler.text(text);
  });
  parser.on("cdata", (text) => {
    unfinished = 0;
    handler.text(text);
  });
  parser.on("doctype", () => {
    throw refuseFile("UNSAFE_XML", "ingest.refused.xmlDoctype", { file: options.fileName, part: entry.name });
  });
  // Without an error handler, saxes throws from write(), which fails this generator.
  const decoder = new TextDecoder("utf-8");
  const feed = (text: string) => {
    unfinished += text.length;
    if (unfinished > options.maxTokenCharacters) throw options.tooLarge();
    parser.write(text);
  };
  for await (const chunk of zip.chunks(entry, options.meter)) {
    feed(decoder.decode(chunk, { stream: true }));
    yield;
  }
  feed(decoder.decode());
  parser.close();
}

/** Streams a part to the handler to the end (or until stop() says so). */
export async function readXml(zip: ZipArchive, entry: ZipEntry, handler: XmlHandler & { stop?: () => boolean }, options: XmlStreamOptions): Promise<void> {
  for await (const _ of streamXml(zip, entry, handler, options)) {
    if (handler.stop?.()) return;
  }
}

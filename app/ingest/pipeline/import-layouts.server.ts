// Built-in layouts: files a third party publishes in its own fixed form, read without a mapping profile. A layout
// recognises the file's header and turns each row into what its kind plugin stages (ADR 035: the CFPB's public
// complaint data). The rest of the pipeline (staging, checks, counts, rejected rows) is the kind's.
import { getPrisma } from "~/db/client.server";
import { agencyNameIndex, matchCfpbHeader, readCfpbRow } from "~/complaints/cfpb/cfpb-layout";
import type { ImportKind } from "~/generated/prisma/enums";
import type { ImportMessage } from "../rows/import-message";
import { encodeImportMessages } from "../rows/import-message";

export const importLayouts = ["cfpb"] as const;
export type ImportLayout = (typeof importLayouts)[number];

/** The kind each layout is a form of. */
export const layoutKinds: Record<ImportLayout, ImportKind> = { cfpb: "COMPLAINTS" };

export function isImportLayout(value: unknown): value is ImportLayout {
  return typeof value === "string" && (importLayouts as readonly string[]).includes(value);
}

export type LayoutRow = { ok: true; staged: unknown } | { ok: false; field: string | null; message: string };
export type LayoutReader = { ok: true; read: (values: Record<string, string>) => LayoutRow } | { ok: false; errors: ImportMessage[] };

/** The header check alone (at submit, before anything is queued). */
export function checkLayoutHeader(layout: ImportLayout, headers: readonly string[]): { ok: true } | { ok: false; errors: ImportMessage[] } {
  switch (layout) {
    case "cfpb": {
      const header = matchCfpbHeader(headers);
      return header.ok ? { ok: true } : header;
    }
  }
}

/** A reader for a file's rows, given its header; the agencies' names and aliases are read once per file. */
export async function openLayoutReader(layout: ImportLayout, headers: readonly string[]): Promise<LayoutReader> {
  switch (layout) {
    case "cfpb": {
      const header = matchCfpbHeader(headers);
      if (!header.ok) return header;
      const agencies = await getPrisma().agency.findMany({ select: { id: true, code: true, name: true, aliases: true } });
      const index = agencyNameIndex(agencies);
      return {
        ok: true,
        read: (values) => {
          const result = readCfpbRow(values, header.columns, index);
          if (result.disposition === "rejected") return { ok: false, field: result.field, message: encodeImportMessages(result.errors) };
          return { ok: true, staged: result };
        },
      };
    }
  }
}

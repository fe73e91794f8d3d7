import { renderStoredRowError } from "~/ingest/rows/import-message";

/** Stored row errors (message keys and params) read as the English an English-speaking user gets. */
export async function inEnglish<T extends { message: string }>(rows: Promise<T[]>): Promise<T[]>;
export async function inEnglish<T extends { message: string }>(rows: Promise<T>): Promise<T>;
export async function inEnglish<T extends { message: string }>(rows: Promise<T | T[]>): Promise<T | T[]> {
  const english = (row: T): T => ({ ...row, message: renderStoredRowError(row.message, "en") });
  const resolved = await rows;
  return Array.isArray(resolved) ? resolved.map(english) : english(resolved);
}

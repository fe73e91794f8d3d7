import type { ingestLimitsEn } from "./ingest-limits.en";

export const ingestLimitsZhCN: Record<keyof typeof ingestLimitsEn, string> = {
  "ingest.limit.csvRecord": "{file}：第 {row} 行（从第 {line} 个物理行开始）超过 {limit} 个字符（含分隔符，至少 {actual} 个）。这通常是引号（\"）没有闭合；否则请缩短该行。",
  "ingest.limit.csvField": "{file}：第 {row} 行（第 {line} 个物理行）{column} 的值超过 {limit} 个字符（至少 {actual} 个）。",
  "ingest.limit.columns": "{file}：第 {row} 行超过 {limit} 列（至少 {actual} 列）。",
  "ingest.limit.sheetColumns": "{file}：{part} 的第 {row} 行有单元格位于第 {actual} 列，超出 Excel 允许的 {limit} 列。",
  "ingest.limit.jsonLine": "{file}：第 {line} 行超过 {limit} 个字符（至少 {actual} 个）。",
  "ingest.limit.jsonDepth": "{file}：第 {line} 行的对象或数组嵌套超过 {limit} 层（至少 {actual} 层）。",
  "ingest.limit.zipEntries": "{file}：压缩包含有 {actual} 个部件，工作簿最多 {limit} 个。",
  "ingest.limit.zipEntrySize": "{file}：部件 {part} 解压后超过 {limit} 字节（至少 {actual} 字节）。",
  "ingest.limit.zipRatio": "{file}：部件 {part} 解压后膨胀超过 {limit} 倍（至少 {actual} 倍），只有“压缩炸弹”才会这样。",
  "ingest.limit.sharedStringsSize": "{file}：工作簿的文本表（{part}）解压后超过 {limit} 字节（至少 {actual} 字节）。请将工作表另存为 CSV UTF-8 后上传。",
  "ingest.limit.sharedStringsCount": "{file}：工作簿的文本表（{part}）包含超过 {limit} 条文本（至少 {actual} 条）。请将工作表另存为 CSV UTF-8 后上传。",
  "ingest.limit.sharedStringLength": "{file}：工作簿文本表（{part}）的第 {index} 条文本超过 {limit} 个字符（至少 {actual} 个），超出 Excel 单元格的上限。",
  "ingest.limit.cellLength": "{file}：{part} 的单元格 {cell} 超过 {limit} 个字符（至少 {actual} 个），超出 Excel 单元格的上限。",
  "ingest.limit.rowLength": "{file}：{part} 的第 {row} 行文本超过 {limit} 个字符（至少 {actual} 个）。",
  "ingest.limit.rows": "{file}：{part} 有编号为 {actual} 的行，超出 Excel 的最后一行 {limit}。",
  "ingest.limit.sheets": "{file}：工作簿列出的工作表超过 {limit} 个（至少 {actual} 个）。",
  "ingest.limit.cellStyles": "{file}：{part} 定义的单元格格式超过 {limit} 种（至少 {actual} 种），超出 Excel 的上限。",
  "ingest.refused.encryptedWorkbook": "{file} 是设有密码的工作簿或旧版 .xls 文件（OLE 复合文档），无法读取：请取消密码，或在 Excel 中另存为 .xlsx 或 CSV UTF-8。",
  "ingest.refused.xmlDoctype": "{file}：部件 {part} 含有文档类型声明（<!DOCTYPE>）。工作簿从不使用它，而它可以定义无限膨胀或读取其他文件的实体。",
};

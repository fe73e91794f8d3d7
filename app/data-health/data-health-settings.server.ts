// Reads and stores the data-health settings through app/settings (one validate-or-fall-back path).
import { readOwnSetting, writeOwnSetting } from "~/settings/settings.server";
import { DATA_HEALTH_SETTING, dataHealthSettingsSchema, defaultDataHealthSettings, type DataHealthSettings } from "./data-health-settings";

export function getDataHealthSettings(): Promise<DataHealthSettings> {
  return readOwnSetting(DATA_HEALTH_SETTING, dataHealthSettingsSchema, defaultDataHealthSettings);
}

export function saveDataHealthSettings(value: unknown, userId: number | null): Promise<DataHealthSettings> {
  return writeOwnSetting(DATA_HEALTH_SETTING, dataHealthSettingsSchema, value, userId);
}

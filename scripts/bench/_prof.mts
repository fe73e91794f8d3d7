import { evaluateAllRules, closeRulesPool } from "/work/main/app/rules/evaluate-rules.server";
import { disconnectPrisma } from "/work/main/app/db/client.server";
const t0 = performance.now();
const r = await evaluateAllRules();
console.log(JSON.stringify({ ...r, failures: undefined }), ((performance.now() - t0) / 1000).toFixed(2));
await closeRulesPool(); await disconnectPrisma();

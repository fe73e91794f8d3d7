import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "node_modules/**", ".data/**", "app/generated/**", "test-results/**", "playwright-report/**", "public/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": "off",
    },
  },
  {
    // app/ reads the environment only through app/env.server.ts (validated, documented in one place).
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/env.server.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: "Read environment variables through app/env.server.ts." },
        { selector: "MemberExpression[object.name='process'][property.value='env']", message: "Read environment variables through app/env.server.ts." },
        { selector: "VariableDeclarator[init.name='process'] > ObjectPattern > Property[key.name='env']", message: "Read environment variables through app/env.server.ts." },
      ],
      "no-restricted-imports": [
        "error",
        { paths: ["process", "node:process"].map((name) => ({ name, importNames: ["env"], message: "Read environment variables through app/env.server.ts." })) },
      ],
    },
  },
  {
    // Test helpers and oracles live in test/support/; production code under app/ never imports them (tests beside
    // the code may).
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.test.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: ["process", "node:process"].map((name) => ({ name, importNames: ["env"], message: "Read environment variables through app/env.server.ts." })),
          patterns: [{ regex: "(^|/)test/", message: "Production code under app/ never imports from test/ (test helpers and oracles)." }],
        },
      ],
    },
  },
  {
    // Playwright's fixture callback is named `use`, which the React hooks rule mistakes for React's `use`.
    files: ["test/e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
);

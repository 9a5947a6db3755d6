// ESLint's configuration for all of the site's JavaScript: ES modules in the browser (the
// theme), and the Node scripts and tests that check them.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", "site/", "**/search/lunr.js"] },
  js.configs.recommended,
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
    },
    rules: {
      "no-var": "error",
      "prefer-const": "error",
      eqeqeq: ["error", "always"],
      "no-implicit-globals": "error",
      "object-shorthand": "error",
      "prefer-template": "error",
    },
  },
  {
    files: ["theme/**/*.js"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The theme's two classic scripts, loaded before its bundle: they run in order, not as modules.
    files: ["theme/assets/javascripts/scope.js", "theme/assets/javascripts/palette.js"],
    languageOptions: { sourceType: "script" },
  },
  {
    files: ["tests/**/*.mjs", "eslint.config.js"],
    languageOptions: { globals: { ...globals.node } },
  },
];

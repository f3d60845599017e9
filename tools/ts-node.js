// The TypeScript loader of the project's own commands (npm run plan, npm run bench, the mocha tiers):
// ts-node with swc as its transpiler, which starts a plan about twice as fast as TypeScript's own
// transpile. It does not type-check; `npm test` and CI do (tools/test-suite.ts). The Pulumi CLI
// registers ts-node itself, with type checking, and does not load this file.
require("ts-node").register({ swc: true });

import * as assert from "assert";
import { examplePlan, examples } from "./support/examples";
import { goldenDifferences, goldenOf, readGolden, writeGolden } from "./support/golden";

// The golden plans: every example stack's resource URNs, inputs and fate options, committed in test/golden/. A
// change that alters what the program declares shows here resource by resource; a refactor must
// leave them identical. After an intended change, refresh them with `npm run golden` and review the
// diff like code.

const update = process.env.UPDATE_GOLDEN === "1";

describe("golden plans: the URNs and inputs of every example stack", () => {
    for (const { cloud, env, file } of examples) {
        it(`${file} declares exactly the committed resources with the committed inputs and options`, async () => {
            const actual = goldenOf(await examplePlan(cloud, env));
            const name = `${cloud}-${env}`;
            if (update) {
                writeGolden(name, actual);
                return;
            }
            const differences = goldenDifferences(readGolden(name), actual);
            assert.deepStrictEqual(differences, [], `${file} differs from test/golden/${name}.json (npm run golden refreshes it after an intended change):\n${differences.join("\n")}`);
        });
    }

    it("reports what differs, resource by resource", () => {
        const expected = { "urn:a": { x: 1, y: { z: [1, 2] } }, "urn:gone": {} };
        const actual = { "urn:a": { x: 1, y: { z: [1, 3] } }, "urn:new": {} };
        assert.deepStrictEqual(goldenDifferences(expected, actual), ["- removed  urn:gone", "+ added    urn:new", "~ changed  urn:a at .y.z.1"]);
    });
});

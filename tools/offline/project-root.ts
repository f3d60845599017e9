import { existsSync } from "fs";
import * as path from "path";

/**
 * The project's root: the nearest folder up from this file with a Pulumi.yaml. The tools and tests
 * run from their sources (ts-node) and compiled into a build folder (the test suite), so paths
 * relative to `__dirname` would differ between the two; data files are always read from here.
 */
export const projectRoot: string = (() => {
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        if (existsSync(path.join(dir, "Pulumi.yaml")) && existsSync(path.join(dir, "package.json"))) {
            return dir;
        }
        if (path.dirname(dir) === dir) {
            throw new Error(`no Pulumi.yaml above ${__dirname}`);
        }
    }
})();

import { z } from "zod";
import { isNetworkCidr } from "../../../components/network/address-plan";

// Building blocks of the config schema. Every leaf carries the sentence a user sees when the value
// is wrong ("allowed: ..."), so messages stay next to the rule they explain.

export const wholeNumber = (min: number, what: string) => {
    const allowed = `a whole number of ${what}, ${min} or more`;
    return z.int({ error: allowed }).min(min, { error: allowed });
};

export const wholeDays = (min: number) => wholeNumber(min, "days");

export const text = (allowed: string) => z.string({ error: allowed }).min(1, { error: allowed });

export const flag = () => z.boolean({ error: "true | false" });

export const objectOf = (keys: readonly string[]) => ({ error: `an object with the keys ${keys.join(", ")}` });

export const cidr = (what: string) => {
    const allowed = `${what} as an IPv4 CIDR block such as 10.40.0.0/16 (the address must be the block's first)`;
    return z.string({ error: allowed }).refine(isNetworkCidr, { error: allowed });
};

/** A strict object whose keys all have defaults, so it may be left out or given in part. */
export function section<T extends z.ZodRawShape>(shape: T) {
    // Every key of a section has a default, which the generic type cannot see.
    return z.strictObject(shape, objectOf(Object.keys(shape))).prefault({} as z.input<z.ZodObject<T>>);
}

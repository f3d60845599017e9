import { maxNetworkPrefix, minNetworkPrefix, overlaps, isPrivateRange, prefixOf } from "../../../components/network/address-plan";
import { NetworkSettings } from "../../../components/network/contract";
import { ConfigError } from "../errors";
import { cidr, section } from "./common";

export const networkDefaults: NetworkSettings = {
    cidr: "10.40.0.0/16",
    // Pods and Kubernetes services live outside the network's own range (EKS and AKS require it):
    // pods in the shared address space that pod networks commonly use, services in private space.
    podCidr: "100.64.0.0/16",
    serviceCidr: "172.20.0.0/16",
};

export function networkShape() {
    return {
        network: section({
            cidr: cidr("the platform's private address space").default(networkDefaults.cidr),
            podCidr: cidr("the pods' address range").default(networkDefaults.podCidr),
            serviceCidr: cidr("the Kubernetes services' address range").default(networkDefaults.serviceCidr),
        }),
    };
}

export function checkNetwork(s: { network: NetworkSettings }, ns: string): void {
    const { cidr: net, podCidr, serviceCidr } = s.network;
    const p = prefixOf(net);
    if (p < minNetworkPrefix || p > maxNetworkPrefix) {
        throw new ConfigError(`${ns}:network.cidr`, net, `a block from /${minNetworkPrefix} to /${maxNetworkPrefix}: subnets for three zones, NAT and private endpoints are carved from it`);
    }
    if (!isPrivateRange(net)) {
        throw new ConfigError(`${ns}:network.cidr`, net, "a private (RFC 1918) block: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16");
    }
    for (const [key, value, shared] of [["podCidr", podCidr, true], ["serviceCidr", serviceCidr, false]] as const) {
        if (!isPrivateRange(value, shared)) {
            throw new ConfigError(`${ns}:network.${key}`, value, `a private block (RFC 1918${shared ? ", or 100.64.0.0/10" : ""})`);
        }
        if (prefixOf(value) > 20) {
            throw new ConfigError(`${ns}:network.${key}`, value, "a block of /20 or wider");
        }
        if (overlaps(value, net)) {
            throw new ConfigError(`${ns}:network.${key}`, value, `a block outside network.cidr (${net})`);
        }
    }
    if (overlaps(podCidr, serviceCidr)) {
        throw new ConfigError(`${ns}:network.serviceCidr`, serviceCidr, `a block apart from network.podCidr (${podCidr})`);
    }
}

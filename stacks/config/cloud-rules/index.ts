import { awsBackupRules } from "../../../components/backup/aws-rules";
import { azureBackupRules } from "../../../components/backup/azure-rules";
import { gcpBackupRules } from "../../../components/backup/gcp-rules";
import { CloudRule } from "../../../components/clouds/contract";
import { awsFeatureStoreRules } from "../../../components/feature-store/aws-rules";
import { azureFeatureStoreRules } from "../../../components/feature-store/azure-rules";
import { gcpFeatureStoreRules } from "../../../components/feature-store/gcp-rules";
import { awsKubernetesRules } from "../../../components/kubernetes/aws-rules";
import { azureKubernetesRules } from "../../../components/kubernetes/azure-rules";
import { gcpKubernetesRules } from "../../../components/kubernetes/gcp-rules";
import { awsLakeRules } from "../../../components/lake/aws-rules";
import { azureLakeRules } from "../../../components/lake/azure-rules";
import { gcpLakeRules, softDeleteMaxDays } from "../../../components/lake/gcp-rules";
import { maxImmutabilityDays } from "../../../components/lake/azure-limits";
import { Cloud } from "../../../components/shared/context";
import { awsStreamRules } from "../../../components/stream/aws-rules";
import { azureStreamRules } from "../../../components/stream/azure-rules";
import { gcpStreamRules } from "../../../components/stream/gcp-rules";
import { azureAirflowRules } from "../../../components/airflow/azure-rules";

// Each cloud's rules live next to the implementation they guard (components/<capability>/<cloud>-rules.ts,
// SDK-free so the check never loads a provider SDK); this lists them per cloud, in the order they run.
export const cloudRules: Readonly<Record<Cloud, readonly CloudRule[]>> = {
    aws: [...awsLakeRules, ...awsBackupRules, ...awsKubernetesRules, ...awsStreamRules, ...awsFeatureStoreRules],
    gcp: [...gcpLakeRules, ...gcpBackupRules, ...gcpKubernetesRules, ...gcpStreamRules, ...gcpFeatureStoreRules],
    azure: [...azureLakeRules, ...azureBackupRules, ...azureKubernetesRules, ...azureStreamRules, ...azureFeatureStoreRules, ...azureAirflowRules],
};

/** The longest default lock each cloud can put on the lake's versions (S3 Object Lock has no cap). */
export const maxLakeLockDays: Readonly<Record<Cloud, number>> = { aws: Infinity, gcp: softDeleteMaxDays, azure: maxImmutabilityDays };

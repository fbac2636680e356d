package dev.servplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The manifest check catches what kubectl's schema validation would reject. */
class KubernetesSchemaTest {
  static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: chat}
      spec:
        replicas: 2
        selector: {matchLabels: {app: chat}}
        template:
          metadata: {labels: {app: chat}}
          spec:
            containers:
            - name: vllm
              image: vllm/vllm-openai:v0.12.0
              ports: [{containerPort: 8000, name: http}]
              resources: {limits: {nvidia.com/gpu: 4}}
      """;

  @Test
  void aValidDeploymentPasses() throws IOException {
    assertThat(KubernetesSchema.check(DEPLOYMENT)).isEmpty();
  }

  @Test
  void aMisspelledFieldIsReportedWithItsPath() throws IOException {
    String bad = DEPLOYMENT.replace("replicas: 2", "replica: 2");
    assertThat(KubernetesSchema.check(bad)).singleElement().asString().contains("spec", "replica");
  }

  @Test
  void aFieldOfTheWrongTypeIsReported() throws IOException {
    String bad = DEPLOYMENT.replace("containerPort: 8000", "containerPort: {value: 8000}");
    assertThat(KubernetesSchema.check(bad)).singleElement().asString().contains("schema");
  }

  @Test
  void aFieldInTheWrongPlaceOfAContainerIsReported() throws IOException {
    String bad = DEPLOYMENT.replace("image: vllm", "gpus: 4\n        image: vllm");
    assertThat(KubernetesSchema.check(bad)).singleElement().asString().contains("gpus");
  }

  @Test
  void leaderWorkerSetFieldsAndPodTemplatesAreChecked() throws IOException {
    String lws =
        """
        apiVersion: leaderworkerset.x-k8s.io/v1
        kind: LeaderWorkerSet
        metadata: {name: big}
        spec:
          replicas: 1
          leaderWorkerTemplate:
            size: 2
            workerTemplate:
              spec:
                containers: [{name: w, image: x, comand: [sleep]}]
          rolloutPolicy: {}
        """;
    assertThat(KubernetesSchema.check(lws))
        .hasSize(2)
        .anyMatch(p -> p.contains("rolloutPolicy"))
        .anyMatch(p -> p.contains("comand"));
  }
}

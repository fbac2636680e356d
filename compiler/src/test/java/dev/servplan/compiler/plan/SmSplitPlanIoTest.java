package dev.servplan.compiler.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.servplan.compiler.technique.smpartition.SmSplit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The group field sm_partition: written, read back, schema-valid, bad values reported. */
class SmSplitPlanIoTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static Plan partitioned(double prefill) {
    Plan p = SamplePlans.twoGroups();
    PlanDeployment d = p.deployments().get(0);
    List<Group> groups = new ArrayList<>(d.groups());
    groups.set(0, groups.get(0).with((new SmSplit(prefill))));
    return new Plan(
        p.spec(),
        p.costPerHour(),
        p.objective(),
        p.solver(),
        p.baseline(),
        List.of(new PlanDeployment(d.name(), d.model(), d.predicted(), d.slack(), groups)),
        p.inventory());
  }

  @Test
  void roundTripsInJsonAndYamlAndValidates() throws Exception {
    Plan plan = partitioned(0.7);
    String json = PlanIo.write(plan, PlanFormat.JSON);
    assertThat(json).contains("\"sm_partition\" : {").contains("\"prefill\" : 0.7");
    JsonNode schema = MAPPER.readTree(Files.readString(Path.of("..", "docs", "plan-schema.json")));
    assertThat(MiniSchema.validate(schema, MAPPER.readTree(json))).isEmpty();
    Plan read = PlanIo.read(json, PlanFormat.JSON).plan().orElseThrow();
    assertThat(PlanIo.write(read, PlanFormat.JSON)).isEqualTo(json);
    assertThat(SmSplit.of(read.deployments().get(0).groups().get(0))).contains(new SmSplit(0.7));
    assertThat(SmSplit.of(read.deployments().get(0).groups().get(1))).isEmpty();
    String yaml = PlanIo.write(plan, PlanFormat.YAML);
    assertThat(PlanIo.read(yaml, PlanFormat.YAML).plan().orElseThrow()).isEqualTo(read);
    assertThat(PlanText.render(read)).contains("SM partition (prefill 70% of SMs)");
  }

  @Test
  void sharesOutsideTheOpenIntervalAreReportedNotThrown() {
    String json = PlanIo.write(partitioned(0.5), PlanFormat.JSON);
    for (String bad : new String[] {"1.5", "0", "1", "\"half\""}) {
      assertThat(
              PlanIo.read(
                      json.replace("\"prefill\" : 0.5", "\"prefill\" : " + bad), PlanFormat.JSON)
                  .errors())
          .as(bad)
          .anyMatch(e -> e.contains("sm_partition"));
    }
    assertThatThrownBy(() -> new SmSplit(1.0)).isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.servplan.runtime.emit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Plan;
import dev.servplan.runtime.testing.Golden;
import dev.servplan.runtime.testing.Plans;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Golden emitted files for each fixture plan and target; emitting twice gives the same bytes. */
class EmitGoldenTest {
  static Map<String, Plan> fixtures() {
    Map<String, Plan> plans = new LinkedHashMap<>();
    plans.put("disaggregated", Plans.disaggregated());
    plans.put("unified", Plans.unified());
    return plans;
  }

  @TestFactory
  List<DynamicTest> goldenPerTarget() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, Plan> fixture : fixtures().entrySet()) {
      for (Target target : Target.values()) {
        tests.add(
            DynamicTest.dynamicTest(
                fixture.getKey() + "/" + target.id(),
                () -> {
                  EmitResult result =
                      Emitter.forTarget(target).emit(fixture.getValue(), EmitOptions.DEFAULT);
                  Map<String, String> files = new TreeMap<>();
                  files.put(
                      "_result.txt",
                      "errors:\n"
                          + lines(result.errors())
                          + "warnings:\n"
                          + lines(result.warnings()));
                  result.files().forEach(f -> files.put(f.path(), f.content()));
                  Golden.assertFolder("emit/" + fixture.getKey() + "/" + target.id(), files);
                  EmitResult again =
                      Emitter.forTarget(target).emit(fixture.getValue(), EmitOptions.DEFAULT);
                  assertThat(again).isEqualTo(result);
                }));
      }
    }
    return tests;
  }

  private static String lines(List<String> items) {
    StringBuilder out = new StringBuilder();
    items.forEach(i -> out.append("  ").append(i).append('\n'));
    return out.toString();
  }
}

package dev.servplan.runtime.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Plan;
import dev.servplan.runtime.testing.Golden;
import dev.servplan.runtime.testing.Plans;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The report carries its charts inline, fetches nothing, and is byte-stable. */
class HtmlReportTest {
  @Test
  void containsTheThreeChartsAsInlineSvg() {
    String html = HtmlReport.render(Plans.disaggregated(), Optional.empty());
    assertThat(html)
        .contains(
            "<svg class=\"chart cost\"",
            "<svg class=\"chart memory\"",
            "<svg class=\"chart pareto\"");
    assertThat(count(html, "<rect class=\"cost\"")).isEqualTo(2);
    // Four memory components per group plus four legend swatches.
    assertThat(Plans.disaggregated().deployments().get(0).groups()).hasSize(2);
    String memory = chart(html, "memory");
    assertThat(count(memory, "<rect ")).isEqualTo(2 * 4 + 4);
    for (String component : List.of("weights", "kv", "act", "free")) {
      assertThat(count(memory, "<rect class=\"" + component + "\"")).as(component).isEqualTo(2 + 1);
    }
    assertThat(count(html, "<circle class=\"chosen\"")).isEqualTo(1);
    assertThat(html).contains("class=\"baseline\"").contains("compile --pareto");
    assertThat(html).contains("rate (binding)");
  }

  @Test
  void fetchesNothing() {
    for (Plan plan : new Plan[] {Plans.disaggregated(), Plans.unified()}) {
      String html = HtmlReport.render(plan, Optional.of("chat.yaml"));
      assertThat(html)
          .doesNotContainPattern("(?i)https?://")
          .doesNotContain("src=")
          .doesNotContain("@import")
          .doesNotContainPattern("(?i)url\\(")
          .doesNotContain("<link");
    }
  }

  @Test
  void escapesNames() {
    Plan plan = Plans.disaggregated();
    Plan odd =
        new Plan(
            new dev.servplan.compiler.plan.SpecRef("<script>x</script>", "h"),
            plan.costPerHour(),
            plan.objective(),
            plan.solver(),
            plan.baseline(),
            plan.deployments(),
            plan.inventory());
    assertThat(HtmlReport.render(odd, Optional.empty()))
        .doesNotContain("<script>x")
        .contains("&lt;script&gt;x");
  }

  @Test
  void memoryPartsAddUpToCapacity() {
    double[] parts =
        HtmlReport.memoryParts(
            Plans.disaggregated().deployments().get(0).groups().get(0).memoryPerGpu());
    assertThat(parts[0] + parts[1] + parts[2] + parts[3])
        .isCloseTo(79.6, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void golden() {
    Golden.assertFile(
        "report/disaggregated.html", HtmlReport.render(Plans.disaggregated(), Optional.empty()));
  }

  /** The one {@code <svg class="chart NAME">} element of the report. */
  private static String chart(String html, String name) {
    int start = html.indexOf("<svg class=\"chart " + name + "\"");
    assertThat(start).as("chart %s", name).isNotNegative();
    int end = html.indexOf("</svg>", start);
    assertThat(end).isPositive();
    return html.substring(start, end);
  }

  private static int count(String text, String needle) {
    Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}

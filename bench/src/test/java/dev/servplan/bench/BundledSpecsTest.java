package dev.servplan.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BundledSpecsTest {
  /** The benchmark must time the example users read, not a stale copy of it. */
  @Test
  void chatResourceIsExamplesChatYaml() throws Exception {
    String example =
        Files.readString(Path.of("..", "examples", "chat.yaml"), StandardCharsets.UTF_8);
    assertThat(Pipeline.resource("chat.yaml")).isEqualTo(example);
  }
}

package dev.servplan.runtime.verify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Text and JSON forms of verifier findings. */
public final class ViolationRenderer {
  private ViolationRenderer() {}

  /**
   * rustc-like lines: {@code error[P0201]: message} then {@code --> plan.json: path}, and a summary
   * line.
   */
  public static String text(String file, List<Violation> violations) {
    StringBuilder out = new StringBuilder();
    long errors = 0;
    long warnings = 0;
    for (Violation v : violations) {
      out.append(v.severity().label())
          .append('[')
          .append(v.code().name())
          .append("]: ")
          .append(v.message())
          .append('\n');
      out.append("  --> ").append(file).append(": ").append(v.path()).append('\n');
      if (v.isError()) {
        errors++;
      } else {
        warnings++;
      }
    }
    if (errors == 0) {
      out.append(file).append(": plan is valid");
      if (warnings > 0) {
        out.append(" (")
            .append(warnings)
            .append(warnings == 1 ? " warning" : " warnings")
            .append(')');
      }
    } else {
      out.append(file)
          .append(": ")
          .append(errors)
          .append(errors == 1 ? " violation" : " violations");
      if (warnings > 0) {
        out.append(", ").append(warnings).append(warnings == 1 ? " warning" : " warnings");
      }
    }
    return out.append('\n').toString();
  }

  /**
   * {@code {file, valid, errors, warnings, violations: [{code, severity, title, path, message}]}}.
   */
  public static ObjectNode json(String file, List<Violation> violations) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("file", file);
    long errors = violations.stream().filter(Violation::isError).count();
    root.put("valid", errors == 0);
    root.put("errors", errors);
    root.put("warnings", violations.size() - errors);
    ArrayNode list = root.putArray("violations");
    for (Violation v : violations) {
      ObjectNode item = list.addObject();
      item.put("code", v.code().name());
      item.put("severity", v.severity().label());
      item.put("title", v.code().title());
      item.put("path", v.path());
      item.put("message", v.message());
    }
    return root;
  }
}

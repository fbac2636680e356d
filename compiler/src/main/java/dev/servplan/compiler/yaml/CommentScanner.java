package dev.servplan.compiler.yaml;

import java.util.ArrayList;
import java.util.List;

/**
 * Recovers the comment lines written just above a key. Jackson drops comments, so they are read
 * back from the source text: the contiguous lines directly above the key's line whose first
 * non-blank character is {@code #}. A key only collects comments when it is the first thing on its
 * line (after indentation and list dashes), so two keys never claim the same comment. Lines inside
 * multi-line scalars (block or quoted text) are excluded because there a {@code #} is content, not
 * a comment.
 */
final class CommentScanner {
  private final String text;
  private final List<int[]> multiLineScalars = new ArrayList<>();

  CommentScanner(String text) {
    this.text = text;
  }

  /** Marks {@code [start, end)} as scalar content; ranges must arrive in source order. */
  void scalar(int start, int end) {
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        multiLineScalars.add(new int[] {start, end});
        return;
      }
    }
  }

  /** The comment texts above the key starting at {@code keyStart}, top first. */
  List<String> commentsAbove(int keyStart) {
    // Walk back only over indentation and dashes, so a long flow line with many keys stays linear.
    int lineStart = keyStart;
    while (lineStart > 0) {
      char c = text.charAt(lineStart - 1);
      if (c == '\n' || c == '\r') {
        break;
      }
      if (c != ' ' && c != '-' && c != '\t') {
        return List.of();
      }
      lineStart--;
    }
    List<String> found = new ArrayList<>();
    int end = lineStart;
    while (end > 0) {
      int previousEnd = end - 1;
      if (previousEnd > 0
          && text.charAt(previousEnd) == '\n'
          && text.charAt(previousEnd - 1) == '\r') {
        previousEnd--;
      }
      int start = lineStart(previousEnd);
      int hash = start;
      while (hash < previousEnd && (text.charAt(hash) == ' ' || text.charAt(hash) == '\t')) {
        hash++;
      }
      if (hash >= previousEnd || text.charAt(hash) != '#' || insideScalar(hash)) {
        break;
      }
      found.add(commentText(text.substring(hash + 1, previousEnd)));
      end = start;
    }
    List<String> topFirst = new ArrayList<>(found.size());
    for (int i = found.size() - 1; i >= 0; i--) {
      topFirst.add(found.get(i));
    }
    return topFirst;
  }

  /** The text after {@code #}: one separating space and trailing blanks are not part of it. */
  static String commentText(String afterHash) {
    String body = afterHash.startsWith(" ") ? afterHash.substring(1) : afterHash;
    int end = body.length();
    while (end > 0 && Character.isWhitespace(body.charAt(end - 1))) {
      end--;
    }
    return body.substring(0, end);
  }

  private int lineStart(int offset) {
    int i = offset;
    while (i > 0 && text.charAt(i - 1) != '\n' && text.charAt(i - 1) != '\r') {
      i--;
    }
    return i;
  }

  private boolean insideScalar(int offset) {
    int low = 0;
    int high = multiLineScalars.size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int[] range = multiLineScalars.get(mid);
      if (offset < range[0]) {
        high = mid - 1;
      } else if (offset >= range[1]) {
        low = mid + 1;
      } else {
        return true;
      }
    }
    return false;
  }
}

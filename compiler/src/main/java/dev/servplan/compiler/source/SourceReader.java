package dev.servplan.compiler.source;

import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads a spec file or stdin as bytes and decodes it as strict UTF-8, reporting instead of
 * throwing.
 *
 * <p>Inputs larger than {@link #MAX_BYTES} (4 MiB) are refused with {@code E0004}: the largest real
 * spec is a few KB, and the cap keeps a mistaken {@code servplan check /dev/zero} or a pasted log
 * from tying up the parser. At most {@code MAX_BYTES + 1} bytes are ever read, so an endless stdin
 * also stops. A UTF-8 byte order mark is stripped; UTF-16/32 text, NUL bytes and malformed UTF-8
 * are {@code E0001}.
 */
public final class SourceReader {
  /** The size cap in bytes: 4 MiB. */
  public static final int MAX_BYTES = 4 * 1024 * 1024;

  /** The name used for standard input. */
  public static final SourceId STDIN = new SourceId("<stdin>");

  private static final String UTF8_HELP = "save the file as UTF-8";

  private SourceReader() {}

  /** The decoded source (empty when it could not be read) and what went wrong reading it. */
  public record Result(SourceFile source, List<Diagnostic> diagnostics) {
    public Result {
      Objects.requireNonNull(source, "source");
      diagnostics = List.copyOf(diagnostics);
    }

    public boolean ok() {
      return diagnostics.stream().noneMatch(Diagnostic::isError);
    }
  }

  /** Reads a file; the source is named by the path as given. */
  public static Result read(Path path) {
    SourceId id = new SourceId(path.toString());
    if (Files.isDirectory(path)) {
      return failure(id, "cannot read '" + path + "': it is a directory", "name a spec file");
    }
    try (InputStream in = Files.newInputStream(path)) {
      return read(in, id);
    } catch (NoSuchFileException e) {
      return failure(id, "cannot read '" + path + "': no such file", "check the path");
    } catch (AccessDeniedException e) {
      return failure(
          id, "cannot read '" + path + "': permission denied", "check the file's permissions");
    } catch (IOException | SecurityException e) {
      return failure(id, "cannot read '" + path + "': " + reason(e), null);
    }
  }

  /** Reads a stream to its end (or just past the cap); the caller closes it. */
  public static Result read(InputStream in, SourceId id) {
    byte[] bytes;
    try {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      return failure(id, "cannot read '" + id + "': " + reason(e), null);
    }
    if (bytes.length > MAX_BYTES) {
      SourceFile empty = new SourceFile(id, "");
      return new Result(
          empty,
          List.of(
              Diagnostic.of(
                      Code.E0004,
                      empty.span(0, 0),
                      "'"
                          + id
                          + "' is larger than the "
                          + (MAX_BYTES / (1024 * 1024))
                          + " MiB limit for a spec")
                  .withHelp("a spec is a few KB of text; check that this is the right file")));
    }
    return decode(id, bytes);
  }

  /**
   * Decodes bytes already in memory, with the same checks as {@link #read(InputStream, SourceId)}.
   */
  public static Result decode(SourceId id, byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      return new Result(
          new SourceFile(id, ""),
          List.of(
              Diagnostic.of(
                  Code.E0004,
                  new Span(id, 0, 0),
                  "'"
                      + id
                      + "' is larger than the "
                      + (MAX_BYTES / (1024 * 1024))
                      + " MiB limit for a spec")));
    }
    String utf16 = utf16Or32Bom(bytes);
    if (utf16 != null) {
      return failure(id, "'" + id + "' is encoded as " + utf16 + ", not UTF-8", UTF8_HELP);
    }
    int start = hasUtf8Bom(bytes) ? 3 : 0;
    for (int i = start; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return failure(
            id,
            "'" + id + "' looks like a binary file: it has a NUL byte at byte offset " + i,
            "servplan reads specs written as YAML or .splan text");
      }
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isUnderflow()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int badOffset = in.position();
      int charOffset = out.position();
      String text = lenient(bytes, start);
      SourceFile file = new SourceFile(id, text);
      int at = Math.min(charOffset, text.length());
      Span span = file.span(at, Math.min(at + 1, text.length()));
      String message =
          String.format(
              Locale.ROOT,
              "'%s' is not valid UTF-8: byte 0x%02X at byte offset %d cannot appear here",
              id,
              bytes[badOffset] & 0xFF,
              badOffset);
      return new Result(
          file, List.of(Diagnostic.of(Code.E0001, span, message).withHelp(UTF8_HELP)));
    }
    out.flip();
    return new Result(new SourceFile(id, out.toString()), List.of());
  }

  private static String lenient(byte[] bytes, int start) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
          .toString();
    } catch (CharacterCodingException e) {
      // REPLACE never reports; keep the diagnostic usable even so.
      return "";
    }
  }

  private static boolean hasUtf8Bom(byte[] b) {
    return b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
  }

  private static String utf16Or32Bom(byte[] b) {
    if (b.length >= 4 && b[0] == 0 && b[1] == 0 && (b[2] & 0xFF) == 0xFE && (b[3] & 0xFF) == 0xFF) {
      return "UTF-32";
    }
    if (b.length >= 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE && b[2] == 0 && b[3] == 0) {
      return "UTF-32";
    }
    if (b.length >= 2
        && (((b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF)
            || ((b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE))) {
      return "UTF-16";
    }
    return null;
  }

  private static String reason(Exception e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }

  private static Result failure(SourceId id, String message, String help) {
    SourceFile empty = new SourceFile(id, "");
    Diagnostic d = Diagnostic.of(Code.E0001, empty.span(0, 0), message);
    return new Result(empty, List.of(help == null ? d : d.withHelp(help)));
  }
}

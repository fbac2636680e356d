package dev.servplan.compiler.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceReaderTest {
  @TempDir Path dir;

  private static final SourceId ID = new SourceId("spec.yaml");

  private static Diagnostic only(SourceReader.Result result) {
    assertThat(result.diagnostics()).hasSize(1);
    return result.diagnostics().get(0);
  }

  @Test
  void readsUtf8FileWithMultiByteText() throws IOException {
    Path file = dir.resolve("spec.yaml");
    Files.write(file, "name: caf\u00e9 \uD83D\uDE00\n".getBytes(StandardCharsets.UTF_8));
    SourceReader.Result result = SourceReader.read(file);
    assertThat(result.ok()).isTrue();
    assertThat(result.source().text()).isEqualTo("name: caf\u00e9 \uD83D\uDE00\n");
    assertThat(result.source().id().name()).isEqualTo(file.toString());
  }

  @Test
  void stripsAUtf8ByteOrderMark() {
    byte[] bytes = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', ':', ' ', '1'};
    SourceReader.Result result = SourceReader.decode(ID, bytes);
    assertThat(result.ok()).isTrue();
    assertThat(result.source().text()).isEqualTo("a: 1");
  }

  @Test
  void malformedUtf8NamesTheByteOffset() {
    byte[] bytes = "a: caf\u00e9\nb: x".getBytes(StandardCharsets.ISO_8859_1);
    SourceReader.Result result = SourceReader.decode(ID, bytes);
    Diagnostic d = only(result);
    assertThat(d.code()).isEqualTo(Code.E0001);
    assertThat(d.message()).contains("byte offset 6").contains("0xE9");
    assertThat(d.help()).isEqualTo("save the file as UTF-8");
    // The span points at the bad character in a leniently decoded text, so renderers can show it.
    assertThat(result.source().lineMap().position(d.span().start()))
        .isEqualTo(new LineMap.Position(1, 7));
  }

  @Test
  void truncatedMultiByteSequenceAtTheEndIsMalformed() {
    byte[] bytes = {'a', ':', ' ', (byte) 0xE2, (byte) 0x82};
    Diagnostic d = only(SourceReader.decode(ID, bytes));
    assertThat(d.code()).isEqualTo(Code.E0001);
    assertThat(d.message()).contains("byte offset 3");
  }

  @Test
  void nulBytesMeanBinary() {
    byte[] bytes = {'a', ':', 0, 'b'};
    SourceReader.Result result = SourceReader.decode(ID, bytes);
    Diagnostic d = only(result);
    assertThat(d.code()).isEqualTo(Code.E0001);
    assertThat(d.message()).contains("binary").contains("byte offset 2");
    assertThat(d.span()).isEqualTo(new Span(ID, 0, 0));
    assertThat(result.source().text()).isEmpty();
  }

  @Test
  void utf16IsRecognisedAndRefused() {
    byte[] bytes = "a: 1".getBytes(StandardCharsets.UTF_16);
    Diagnostic d = only(SourceReader.decode(ID, bytes));
    assertThat(d.code()).isEqualTo(Code.E0001);
    assertThat(d.message()).contains("UTF-16");
  }

  @Test
  void overTheCapIsE0004AndReadingStopsJustPastIt() throws IOException {
    CountingStream endless = new CountingStream();
    SourceReader.Result result = SourceReader.read(endless, SourceReader.STDIN);
    Diagnostic d = only(result);
    assertThat(d.code()).isEqualTo(Code.E0004);
    assertThat(d.message()).contains("4 MiB");
    assertThat(endless.served).isLessThanOrEqualTo(SourceReader.MAX_BYTES + 1 + 8192);
    assertThat(result.source().id()).isEqualTo(SourceReader.STDIN);
  }

  @Test
  void exactlyAtTheCapIsFine() {
    byte[] bytes = new byte[SourceReader.MAX_BYTES];
    java.util.Arrays.fill(bytes, (byte) 'a');
    assertThat(SourceReader.read(new ByteArrayInputStream(bytes), ID).ok()).isTrue();
  }

  @Test
  void missingFileAndDirectoryAreE0001WithThePath() {
    Path missing = dir.resolve("nope.yaml");
    Diagnostic d = only(SourceReader.read(missing));
    assertThat(d.code()).isEqualTo(Code.E0001);
    assertThat(d.message()).contains(missing.toString()).contains("no such file");
    assertThat(d.span()).isEqualTo(new Span(new SourceId(missing.toString()), 0, 0));
    Diagnostic directory = only(SourceReader.read(dir));
    assertThat(directory.message()).contains("directory");
  }

  @Test
  void emptyInputIsReadAsEmptyText() {
    SourceReader.Result result = SourceReader.decode(ID, new byte[0]);
    assertThat(result.ok()).isTrue();
    assertThat(result.source().text()).isEmpty();
  }

  /** An endless stream of 'a' that counts how much was taken from it. */
  private static final class CountingStream extends InputStream {
    long served;

    @Override
    public int read() {
      served++;
      return 'a';
    }

    @Override
    public int read(byte[] b, int off, int len) {
      java.util.Arrays.fill(b, off, off + len, (byte) 'a');
      served += len;
      return len;
    }
  }
}

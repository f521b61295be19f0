package dev.baton.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.baton.Entry;
import dev.baton.KeyState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileTest {
  @TempDir
  Path dir;

  private static Map<String, SnapshotFile.Saved> entries() {
    Map<String, SnapshotFile.Saved> m = new TreeMap<>();
    m.put("checkout/rate-limit", new SnapshotFile.Saved(41, "100".getBytes(StandardCharsets.UTF_8)));
    m.put("greeting", new SnapshotFile.Saved(7, "h\u00e9llo wörld\nwith lines".getBytes(
        StandardCharsets.UTF_8)));
    m.put("empty", new SnapshotFile.Saved(3, new byte[0]));
    return m;
  }

  @Test
  void whatIsFormattedParsesBackTheSame() {
    String text = SnapshotFile.format("orders", entries(), Instant.EPOCH);
    Map<String, SnapshotFile.Saved> back = SnapshotFile.parse(text, "orders");
    assertThat(back.keySet()).containsExactlyElementsOf(entries().keySet());
    entries().forEach((k, v) -> {
      assertThat(back.get(k).revision()).as(k).isEqualTo(v.revision());
      assertThat(back.get(k).value()).as(k).isEqualTo(v.value());
    });
  }

  @Test
  void aFileCutShortChangedOrOfAnotherNamespaceIsRefusedSayingWhy() {
    String text = SnapshotFile.format("orders", entries(), Instant.EPOCH);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SnapshotFile.parse(text.substring(0, text.indexOf("end ")), "orders"))
        .withMessageContaining("not whole");
    for (int cut : new int[] {text.length() - 3, text.length() / 2, 20}) {
      assertThatIllegalArgumentException().as("cut at %d", cut)
          .isThrownBy(() -> SnapshotFile.parse(text.substring(0, cut), "orders"));
    }
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SnapshotFile.parse(text.replace(" 41 ", " 42 "), "orders"))
        .withMessageContaining("checksum does not match");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SnapshotFile.parse(text, "billing"))
        .withMessageContaining("another namespace");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SnapshotFile.parse("rate-limit=100\n", "orders"))
        .withMessageContaining("not a Baton snapshot");
  }

  @Test
  void recordedStatesAreWrittenWholeAndReadAtTheNextOpen() throws IOException {
    Path file = dir.resolve("sub/live.snapshot");
    SnapshotFile snapshot = SnapshotFile.open(file, "orders", Runnable::run);
    assertThat(snapshot.saved("limit")).isEmpty();
    snapshot.record(KeyState.present(new Entry("limit", bytes("100"), 1, 5)));
    snapshot.record(KeyState.present(new Entry("other", bytes("x"), 1, 6)));
    snapshot.record(KeyState.absent("other", 7));
    snapshot.flush();
    assertThat(Files.list(file.getParent())).as("files beside the snapshot (no temporary left)")
        .containsExactly(file);

    SnapshotFile next = SnapshotFile.open(file, "orders", Runnable::run);
    assertThat(next.saved("limit")).hasValueSatisfying(s -> {
      assertThat(s.revision()).isEqualTo(5);
      assertThat(new String(s.value(), StandardCharsets.UTF_8)).isEqualTo("100");
    });
    assertThat(next.saved("other")).as("a key recorded absent").isEmpty();
    assertThat(SnapshotFile.open(file, "billing", Runnable::run).saved("limit"))
        .as("the file opened for another namespace").isEmpty();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

package dev.firebreak.analysis.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTemplateMinerTest {

  @Test
  void masker_replacesVariablesWithWildcards() {
    assertThat(
            LogMasker.tokens(
                "Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106"
                    + " dest: /10.250.19.102:50010"))
        .containsExactly("Receiving", "block", "<*>", "src:", "<*>", "dest:", "<*>");
    assertThat(
            LogMasker.tokens(
                "[instance: 6f1e1a9b-83c2-4f4b-9f7c-0e6d4a1f2b3c] VM Paused"
                    + " (Lifecycle Event)"))
        .containsExactly("instance:", "<*>", "VM", "Paused", "Lifecycle", "Event");
    assertThat(LogMasker.tokens("estimated size 93.0 B, free 317.1 KB"))
        .containsExactly("estimated", "size", "<*>", "<*>", "free", "<*>", "<*>");
    assertThat(LogMasker.tokens("connect to 0xdeadbeef01 failed: timeout"))
        .containsExactly("connect", "to", "<*>", "failed:", "timeout");
  }

  @Test
  void miner_groupsByConstantsAndKeepsDifferentWordsApart() {
    LogTemplateMiner miner = LogTemplateMiner.defaults();
    int a = miner.add("PacketResponder 1 for block blk_38865049064139660 terminating");
    int b = miner.add("PacketResponder 0 for block blk_-6952295868487656571 terminating");
    int paused = miner.add("[instance: 1-2] VM Paused (Lifecycle Event)");
    int started = miner.add("[instance: 3-4] VM Started (Lifecycle Event)");
    int pausedAgain = miner.add("[instance: 5-6] VM Paused (Lifecycle Event)");
    assertThat(a).isEqualTo(b);
    assertThat(paused).isNotEqualTo(started).isEqualTo(pausedAgain);
    assertThat(miner.template(a).text()).isEqualTo("PacketResponder <*> for block <*> terminating");
    assertThat(miner.template(a).count()).isEqualTo(2);
    assertThat(miner.templates()).hasSize(3);
  }
}
